import EBMProtocols
import Foundation
import Tensors

/// Test double: unadjusted Langevin dynamics on the energy (no density),
///
/// ```
/// y ← y − η ∇_y E(x, y) + √(2η) ξ,   ξ ~ N(0, I)
/// ```
///
/// from N(0, I) (unconditional) or from the centre (conditional, `[B, M, dy]`).
public struct ToyLangevinSampler: ProposalSampler {
  public var steps: Int
  public var stepSize: Float
  public init(steps: Int = 50, stepSize: Float = 0.05) {
    self.steps = steps
    self.stepSize = stepSize
  }

  public var capability: SamplerCapability { .dynamics }

  public mutating func sample(_ request: SampleRequest, using rng: inout RandomGenerator) throws -> SampleResult {
    guard let model = request.model else { throw EBMError.invalid("toy-langevin needs the model") }
    var y: Tensor
    if let center = request.center, request.x != nil {
      let (b, d) = (center.shape[0], center.shape[1])
      y = center.unsqueezed(at: 1).expanded(to: [b, request.count, d])
    } else {
      y = Tensor.normal([request.count, request.dimension ?? 1], using: &rng)
    }
    let noise = (2 * stepSize).squareRoot()
    for _ in 0..<steps {
      y = y - model.gradient(x: request.x, y: y) * stepSize + Tensor.normal(y.shape, std: noise, using: &rng)
    }
    return SampleResult(samples: y)
  }
}
