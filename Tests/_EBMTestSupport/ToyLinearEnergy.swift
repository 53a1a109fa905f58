import EBMProtocols
import Tensors

/// Test double: a conditional quadratic energy around a line,
///
/// ```
/// E(x, y) = ½ (y − (w·x + c))² / s²,   parameters w, c (shape [1]); s fixed
/// ```
///
/// x `[B, 1]`, candidates y `[B, M, 1]` → `[B, M]`; argmin_y E = w·x + c.
public struct ToyLinearEnergy: EnergyFunction {
  public var scale: Float
  public init(scale: Float = 1) { self.scale = scale }

  public var kind: EnergyKind { .conditional(inputShape: [1], outputDimension: 1) }

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    ["w": Tensor.normal([1], std: 0.1, using: &rng), "c": Tensor.zeros([1])]
  }

  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    guard let x else { preconditionFailure("ToyLinearEnergy needs x") }
    let prediction = (x * parameters["w"]! + parameters["c"]!).unsqueezed(at: 1)  // [B, 1, 1]
    return (y - prediction).squared().sum(alongAxis: 2) * (0.5 / (scale * scale))
  }
}
