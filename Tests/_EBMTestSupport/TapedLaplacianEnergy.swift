import EBMProtocols
import Tensors

/// Test double: any energy with its own energy and ∂E/∂y but the default (taped) gradient and
/// Laplacian of ``EnergyFunction`` (a recorded backward pass per dimension of y), the reference
/// an energy's fused second-order pass is checked against.
public struct TapedLaplacianEnergy<Base: EnergyFunction>: EnergyFunction {
  public var base: Base
  public init(_ base: Base) { self.base = base }

  public var kind: EnergyKind { base.kind }

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    base.initialParameters(using: &rng)
  }

  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    base.energy(x: x, y: y, parameters: parameters)
  }

  public func energyGradient(x: Tensor?, y: Tensor, parameters: ParameterSet, createGraph: Bool) -> Tensor {
    base.energyGradient(x: x, y: y, parameters: parameters, createGraph: createGraph)
  }
}
