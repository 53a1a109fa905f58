import Foundation
import Images
import Tensors

/// The shared decoder test corpus (`../shared/data/image-codecs/` beside the package root):
/// encoded files and Pillow's decodes of them as `<file>.safetensors`.
enum CodecCorpus {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let directory = packageRoot.deletingLastPathComponent()
    .appendingPathComponent("shared/data/image-codecs")
  static let photos = packageRoot.deletingLastPathComponent()
    .appendingPathComponent("shared/data/photos")

  static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

  static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url(name))) }

  /// Pillow's decode of `name`: shape [H, W, C] and the samples as integers.
  static func reference(_ name: String) throws -> (shape: [Int], samples: [Int]) {
    try reference(at: directory.appendingPathComponent(name + ".safetensors"))
  }

  static func reference(at url: URL) throws -> (shape: [Int], samples: [Int]) {
    let pixels = try require(try SafeTensors.read(from: url).tensors["pixels"], "no tensor pixels in \(url.lastPathComponent)")
    return (pixels.shape, pixels.scalars.map { Int($0) })
  }

  /// Every sample of `image` as an integer, row-major interleaved.
  static func samples(_ image: Image) -> [Int] {
    var result = [Int]()
    result.reserveCapacity(image.width * image.height * image.channels)
    for y in 0..<image.height {
      for x in 0..<image.width {
        for c in 0..<image.channels { result.append(image.sample(x: x, y: y, channel: c)) }
      }
    }
    return result
  }
}

/// `try #require` outside a test function.
func require<T>(_ value: T?, _ message: String = "missing value") throws -> T {
  guard let value else { throw RequireFailure(message: message) }
  return value
}

struct RequireFailure: Error { var message: String }
