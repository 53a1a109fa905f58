import EBMProtocols
import Foundation
import Tensors

/// Test double: unadjusted Langevin dynamics on the energy (no density),
///
/// ```
/// y ← y − η ∇_y E(x, y) + √(2η) ξ,   ξ ~ N(0, I)
/// ```
///
/// from N(0, I) (unconditional) or from the start points (conditional, `[B, M, dy]`).
public struct ToyLangevinSampler: DynamicsSampler {
  public var steps: Int
  public var stepSize: Float
  public init(steps: Int = 50, stepSize: Float = 0.05) {
    self.steps = steps
    self.stepSize = stepSize
  }

  public mutating func sample(_ request: ChainRequest, using rng: inout RandomGenerator) throws -> SampleResult {
    let model = request.model
    var y: Tensor
    switch model.energy.kind {
    case .conditional:
      guard let start = request.start else { throw EBMError.invalid("toy-langevin: conditional chains need start points") }
      let (b, d) = (start.shape[0], start.shape[1])
      y = start.unsqueezed(at: 1).expanded(to: [b, request.count, d])
    case let .unconditional(d):
      y = Tensor.normal([request.count, d], using: &rng)
    case .discrete:
      throw EBMError.incompatible("toy-langevin needs a continuous energy")
    }
    let noise = (2 * stepSize).squareRoot()
    for _ in 0..<steps {
      y = y - model.gradient(x: request.x, y: y) * stepSize + Tensor.normal(y.shape, std: noise, using: &rng)
    }
    return SampleResult(samples: y)
  }
}
