import EBMProtocols
import Foundation
import Tensors

/// IoU regression (Jiang et al., "Acquisition of Localization Confidence for Accurate Object
/// Detection" — IoU-Net, ECCV 2018; ATOM's box head): the network's score s = −E of a proposal
/// box is fitted by L2 to the proposal's IoU with the true box,
///
/// ```
/// L = (1 / B M) Σᵢ Σₘ (−E(xᵢ, u⁽ᵐ⁾) − IoU(u⁽ᵐ⁾, uᵢ))²,   u⁽ᵐ⁾ ~ q(u | uᵢ)
/// ```
///
/// and boxes are then refined by gradient ascent on the predicted IoU, like an energy. Boxes are
/// in the box parametrisation u = (cx/r, cy/r, log w, log h) with reference size r (crop pixels
/// per unit of u₁, u₂), which the IoU needs.
public struct IoURegressionObjective: TrainingObjective {
  /// M, proposals per example.
  public var samples: Int
  /// r, the reference size of the box parametrisation.
  public var referenceSize: Float

  public init(samples: Int, referenceSize: Float) {
    precondition(samples >= 1 && referenceSize > 0, "iou-regression needs samples >= 1 and a positive reference size")
    self.samples = samples
    self.referenceSize = referenceSize
  }

  public var requirements: ObjectiveRequirements { .densities }
  public var supportedFamilies: Set<EnergyFamily> { [.conditional] }

  /// IoU of two boxes given as u.
  func iou(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Float {
    let (a0, b0) = (a.startIndex, b.startIndex)
    func corners(_ u: ArraySlice<Float>, _ i: Int) -> (Float, Float, Float, Float) {
      let (w, h) = (Foundation.exp(u[i + 2]), Foundation.exp(u[i + 3]))
      let (cx, cy) = (u[i] * referenceSize, u[i + 1] * referenceSize)
      return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    }
    let p = corners(a, a0)
    let q = corners(b, b0)
    let iw = Swift.max(0, Swift.min(p.2, q.2) - Swift.max(p.0, q.0))
    let ih = Swift.max(0, Swift.min(p.3, q.3) - Swift.max(p.1, q.1))
    let intersection = iw * ih
    let union = (p.2 - p.0) * (p.3 - p.1) + (q.2 - q.0) * (q.3 - q.1) - intersection
    return union > 0 ? intersection / union : 0
  }

  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let y = CandidateEnergies.targets(context.batch)
    let (b, d) = (y.shape[0], y.shape[1])
    guard d == 4 else { throw EBMError.incompatible("iou-regression needs boxes y = u ∈ ℝ⁴, got dimension \(d)") }
    let (candidates, _, _) = try CandidateEnergies.propose(&context, count: samples)
    let truth = y.scalars
    let proposals = candidates.scalars
    var targets = [Float](repeating: 0, count: b * samples)
    for i in 0..<b {
      for m in 0..<samples {
        let start = (i * samples + m) * 4
        targets[i * samples + m] = iou(proposals[start..<(start + 4)], truth[(i * 4)..<(i * 4 + 4)])
      }
    }
    let scores = -context.energy(x: context.batch.x, y: candidates)
    return (scores - Tensor(shape: [b, samples], scalars: targets)).squared().mean()
  }
}
