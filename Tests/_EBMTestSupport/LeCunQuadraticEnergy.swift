import EBMProtocols
import Tensors

/// A conditional test double: E(x, y) = ‖y − x‖² (minimum at y = x), with no parameters but
/// an unused `"s"` scale so that objectives have something to differentiate: E = s · ‖y − x‖².
public struct LeCunQuadraticEnergy: EnergyFunction {
  public let dimension: Int
  public init(dimension: Int) { self.dimension = dimension }
  public var kind: EnergyKind { .conditional(inputShape: [dimension], outputDimension: dimension) }
  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet { ["s": Tensor(1)] }
  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    let b = x!.shape[0]
    let candidates = y.reshaped([b, -1, dimension])
    return (candidates - x!.unsqueezed(at: 1)).squared().sum(alongAxis: 2) * parameters["s"]!
  }
}
