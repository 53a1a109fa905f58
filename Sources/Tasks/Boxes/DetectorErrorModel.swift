import Foundation
import Tensors

/// How the simulated detector errs, in the box parametrisation u relative to the true box
/// (``RelativeBoxCoordinates``): each true box is detected once with
///
/// ```
/// u_det = u_true + σ ε,   ε ~ N(0, I₄),   σ ∈ (0.04, 0.08, 0.16) with probabilities (0.5, 0.35, 0.15)
/// score = clamp(0.5 + 0.5 · IoU(det, true) + N(0, 0.15²), 0.01, 1)
/// ```
///
/// so most boxes are close (IoU ≈ 0.8) and a tail is poor (IoU < 0.5), with scores only loosely
/// tied to localisation, as a real detector's are; plus, per picture, 0–2 false positives
/// (uniform boxes of 15–50 % of the picture, scores U(0.01, 0.5)). The IoU spread this gives is
/// reported by the detection task.
public struct DetectorErrorModel: Sendable, Equatable {
  /// The per-box noise levels in u.
  public var sigmas: [Double] = [0.04, 0.08, 0.16]
  /// Their probabilities.
  public var probabilities: [Double] = [0.5, 0.35, 0.15]
  /// The most false positives per picture.
  public var maxFalsePositives: Int = 2

  public init() {}

  /// The detections of `truth` in a square picture of side `imageSize`.
  public func detections(
    for truth: [BoundingBox], imageSize: Double, using rng: inout RandomGenerator
  ) -> [DetectionEvaluation.Detection] {
    var out: [DetectionEvaluation.Detection] = []
    for box in truth {
      let coordinates = RelativeBoxCoordinates(reference: box)
      var u = coordinates.encode(box)
      let draw = rng.nextDouble()
      var level = sigmas.count - 1
      var cumulative = 0.0
      for (k, p) in probabilities.enumerated() {
        cumulative += p
        if draw < cumulative {
          level = k
          break
        }
      }
      for j in 0..<4 { u[j] += sigmas[level] * Double(rng.nextNormal()) }
      let detected = coordinates.decode(u)
      let score = min(1, max(0.01, 0.5 + 0.5 * detected.iou(with: box) + 0.15 * Double(rng.nextNormal())))
      out.append(.init(box: detected, score: score))
    }
    for _ in 0..<rng.uniformInt(below: maxFalsePositives + 1) {
      let w = imageSize * (0.15 + 0.35 * rng.nextDouble())
      let h = imageSize * (0.15 + 0.35 * rng.nextDouble())
      let box = BoundingBox(x: (imageSize - w) * rng.nextDouble(), y: (imageSize - h) * rng.nextDouble(), width: w, height: h)
      out.append(.init(box: box, score: 0.01 + 0.49 * rng.nextDouble()))
    }
    return out
  }
}
