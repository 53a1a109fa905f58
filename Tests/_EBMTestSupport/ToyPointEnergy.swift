import EBMProtocols
import Tensors

/// Test double: an unconditional quadratic energy E(y) = ½ ‖y − μ‖², parameter μ `[d]`;
/// y `[N, d]` → `[N]`. Its Gibbs density is N(μ, I).
public struct ToyPointEnergy: EnergyFunction {
  public var dimension: Int
  public init(dimension: Int = 2) { self.dimension = dimension }

  public var kind: EnergyKind { .unconditional(dimension: dimension) }

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    ["mu": Tensor.normal([dimension], std: 0.1, using: &rng)]
  }

  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    (y - parameters["mu"]!).squared().sum(alongAxis: y.shape.count - 1) * 0.5
  }
}
