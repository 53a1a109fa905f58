import Foundation
import Tensors

/// One synthetic detection picture: a background crop of one photograph with objects cut out of
/// others pasted on it, their ground-truth boxes, and a detector's boxes with scores.
public struct DetectionScene: Sendable {
  /// The composed picture.
  public var image: Photo
  /// The objects' boxes (the extent of each pasted mask, amodal: parts later covered by another
  /// object still count).
  public var groundTruth: [BoundingBox]
  /// The simulated detector's output (see ``DetectorErrorModel``).
  public var detections: [DetectionEvaluation.Detection]

  /// A scene of `size × size` pixels with 1 … `maxObjects` objects.
  ///
  /// - Background: a square crop (40–100 % of the shorter side) of `background`, resized.
  /// - Objects: a rectangle (30–80 % of the shorter side) of a photo from `objectPhotos`, cut
  ///   out by an irregular star-shaped mask r(θ) = 1 + Σₖ₌₂⁴ aₖ cos(kθ + φₖ), aₖ ~ U(−0.2, 0.2)
  ///   (times the photo's own alpha, if any), pasted at width 20–50 % of the scene with aspect
  ///   ratio 0.5–2; a placement overlapping an earlier box by IoU > 0.3 is drawn again (at most
  ///   20 times), so objects overlap partially.
  /// - `augment` (training scenes): the background crop and each object are mirrored left–right
  ///   with probability ½ and colour-jittered independently (``ColourJitter/random(using:)``);
  ///   scale varies already through the crop and paste sizes. Without it no extra number is
  ///   drawn, so unaugmented scenes are the same as before augmentation existed.
  public static func generate(
    background: Photo, objectPhotos: [Photo], size: Int = 128, maxObjects: Int = 5, errors: DetectorErrorModel = .init(),
    augment: Bool = false, using rng: inout RandomGenerator
  ) -> DetectionScene {
    precondition(!objectPhotos.isEmpty && size >= 16 && maxObjects >= 1, "DetectionScene: needs object photos and a size ≥ 16")
    func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * rng.nextDouble() }
    // Background crop.
    let side = Double(min(background.width, background.height)) * uniform(0.4, 1)
    let x0 = uniform(0, Double(background.width) - side)
    let y0 = uniform(0, Double(background.height) - side)
    let mirrorBackground = augment && rng.nextDouble() < 0.5
    let backgroundJitter = augment ? ColourJitter.random(using: &rng) : .identity
    var rgb = [Float](repeating: 0, count: size * size * 3)
    let step = side / Double(size)
    for i in 0..<size {
      for j in 0..<size {
        let column = mirrorBackground ? size - 1 - j : j
        let (r, g, b) = backgroundJitter(
          background.sample(x: Float(x0 + (Double(column) + 0.5) * step), y: Float(y0 + (Double(i) + 0.5) * step)))
        rgb[(i * size + j) * 3] = r
        rgb[(i * size + j) * 3 + 1] = g
        rgb[(i * size + j) * 3 + 2] = b
      }
    }
    var image = Photo(width: size, height: size, rgb: rgb)
    var boxes: [BoundingBox] = []
    let count = 1 + rng.uniformInt(below: maxObjects)
    for _ in 0..<count {
      let source = objectPhotos[rng.uniformInt(below: objectPhotos.count)]
      var placement = BoundingBox(x: 0, y: 0, width: 1, height: 1)
      for _ in 0..<20 {
        let width = Double(size) * uniform(0.2, 0.5)
        let height = min(Double(size) * 0.8, max(Double(size) * 0.12, width * exp(uniform(log(0.5), log(2)))))
        placement = BoundingBox(
          x: uniform(0, Double(size) - width), y: uniform(0, Double(size) - height), width: width, height: height)
        if boxes.allSatisfy({ $0.iou(with: placement) <= 0.3 }) { break }
      }
      var cutOut = ObjectCutOut.random(from: source, using: &rng)
      if augment {
        cutOut.mirrored = rng.nextDouble() < 0.5
        cutOut.jitter = .random(using: &rng)
      }
      if let drawn = cutOut.paste(into: &image, at: placement) { boxes.append(drawn) }
    }
    let detections = errors.detections(for: boxes, imageSize: Double(size), using: &rng)
    return DetectionScene(image: image, groundTruth: boxes, detections: detections)
  }
}
