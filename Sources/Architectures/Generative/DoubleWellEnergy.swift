import Tensors
import EBMProtocols

/// A double-well energy: two symmetric modes at x₁ = ±1 separated by a barrier, Gaussian in
/// the other coordinates. By symmetry each well holds half the mass.
///
/// ```
/// E(x) = h (x₁² − 1)² + ½ Σᵢ₌₂ xᵢ²,   ∂E/∂x₁ = 4h x₁ (x₁² − 1),   ∂E/∂xᵢ = xᵢ
/// ```
public struct DoubleWellEnergy: EnergyFunction {
  /// Dimension d ≥ 1.
  public let dimension: Int
  /// Barrier height h (the energy at x₁ = 0 above the minima).
  public let barrier: Float

  public init(dimension: Int = Options().dimension, barrier: Float = Options().barrier) {
    precondition(dimension >= 1 && barrier > 0, "DoubleWellEnergy needs dimension >= 1 and barrier > 0")
    self.dimension = dimension
    self.barrier = barrier
  }

  public var kind: EnergyKind { .unconditional(dimension: dimension) }
  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet { [:] }

  var firstMask: Tensor { Tensor(shape: [dimension], scalars: (0..<dimension).map { $0 == 0 ? 1 : 0 }) }

  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    let first = y.slice(alongAxis: 1, 0..<1).reshaped([y.shape[0]])
    let rest = (y * (1 - firstMask)).squared().sum(alongAxis: 1) * 0.5
    return (first.squared() - 1).squared() * barrier + rest
  }

  public func energyGradient(x: Tensor?, y: Tensor, parameters: ParameterSet, createGraph: Bool) -> Tensor {
    let first = y.slice(alongAxis: 1, 0..<1)
    let g = first * (first.squared() - 1) * (4 * barrier) * firstMask + y * (1 - firstMask)
    return createGraph ? g : g.detached
  }
}
