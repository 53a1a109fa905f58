import EBMProtocols
import Foundation
import Tensors

/// Images with integer labels, as read from a file: pixels `[N, pixelsPerImage]` (raw values)
/// and one label per image.
public struct LabelledImages: Sendable {
  /// Shape of one image (e.g. `[8, 8]`, `[28, 28]`, `[3, 32, 32]`).
  public var imageShape: [Int]
  /// Raw pixel values, row-major, image after image.
  public var pixels: [Float]
  /// One label per image.
  public var labels: [Int]

  public init(imageShape: [Int], pixels: [Float], labels: [Int]) {
    precondition(pixels.count == labels.count * imageShape.reduce(1, *), "LabelledImages: sizes disagree")
    self.imageShape = imageShape
    self.pixels = pixels
    self.labels = labels
  }

  /// Number of images.
  public var count: Int { labels.count }

  /// A dataset with inputs `pixels · scale` flattened to `[N, pixelsPerImage]`.
  public func dataset(scale: Float) -> Dataset {
    let size = imageShape.reduce(1, *)
    return Dataset(x: Tensor(shape: [count, size], scalars: pixels.map { $0 * scale }), labels: labels)
  }

  /// The images at `indices`.
  public func subset(_ indices: [Int]) -> LabelledImages {
    let size = imageShape.reduce(1, *)
    var out: [Float] = []
    out.reserveCapacity(indices.count * size)
    for i in indices { out.append(contentsOf: pixels[(i * size)..<((i + 1) * size)]) }
    return LabelledImages(imageShape: imageShape, pixels: out, labels: indices.map { labels[$0] })
  }
}
