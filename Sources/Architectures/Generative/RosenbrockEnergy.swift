import Tensors
import EBMProtocols

/// The Rosenbrock ("banana") energy in 2-D, a curved, strongly correlated target.
///
/// ```
/// E(x) = (x₁ − a)² + b (x₂ − x₁²)²
/// ```
///
/// Exact samples: x₁ ~ N(a, ½), x₂ | x₁ ~ N(x₁², 1/(2b)) (``sample(count:using:)``).
public struct RosenbrockEnergy: EnergyFunction {
  public let a: Float
  public let b: Float

  public init(a: Float = Options().a, b: Float = Options().b) {
    precondition(b > 0, "RosenbrockEnergy needs b > 0")
    self.a = a
    self.b = b
  }

  public var kind: EnergyKind { .unconditional(dimension: 2) }
  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet { [:] }

  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    let x1 = y.slice(alongAxis: 1, 0..<1).reshaped([y.shape[0]])
    let x2 = y.slice(alongAxis: 1, 1..<2).reshaped([y.shape[0]])
    return (x1 - a).squared() + (x2 - x1.squared()).squared() * b
  }

  /// `count` exact samples `[count, 2]`.
  public func sample(count: Int, using rng: inout RandomGenerator) -> Tensor {
    var out = [Float]()
    out.reserveCapacity(2 * count)
    let s1 = Float(0.5).squareRoot()
    let s2 = (1 / (2 * b)).squareRoot()
    for _ in 0..<count {
      let x1 = a + s1 * rng.nextNormal()
      out.append(x1)
      out.append(x1 * x1 + s2 * rng.nextNormal())
    }
    return Tensor(shape: [count, 2], scalars: out)
  }
}
