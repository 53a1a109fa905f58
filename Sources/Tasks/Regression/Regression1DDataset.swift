import Foundation
import Tensors

/// The two synthetic 1-D regression datasets of Gustafsson et al. ("How to Train Your
/// Energy-Based Model for Regression", BMVC 2020, Sec. 4.1), with x ~ U(−3, 3):
///
/// ```
/// dataset 1:  x < 0:  y ~ 0.8 N(sin x, 0.075²) + 0.2 N(−sin x, 0.075²)
///             x ≥ 0:  y ~ LogNormal(0, 0.25²) − 1
/// dataset 2:  y ~ N(sin x, (0.15 / (1 + e^−x))²)
/// ```
public enum Regression1DDataset: Int, Sendable, CaseIterable {
  case one = 1
  case two = 2

  /// Draws `count` pairs (x, y) from `rng`.
  public func sample(count: Int, using rng: inout RandomGenerator) -> (x: [Float], y: [Float]) {
    var xs = [Float](repeating: 0, count: count)
    var ys = [Float](repeating: 0, count: count)
    for i in 0..<count {
      let x = -3 + 6 * rng.nextDouble()
      let z = Double(rng.nextNormal())
      let y: Double
      switch self {
      case .one:
        if x < 0 {
          let sign: Double = rng.nextDouble() < 0.8 ? 1 : -1
          y = sign * Foundation.sin(x) + 0.075 * z
        } else {
          y = Foundation.exp(0.25 * z) - 1
        }
      case .two:
        y = Foundation.sin(x) + Self.noiseScale(x) * z
      }
      xs[i] = Float(x)
      ys[i] = Float(y)
    }
    return (xs, ys)
  }

  /// Dataset 2's noise standard deviation 0.15 / (1 + e^−x).
  static func noiseScale(_ x: Double) -> Double { 0.15 / (1 + Foundation.exp(-x)) }

  /// The true density p(y | x).
  public func density(x: Double, y: Double) -> Double {
    func normal(_ v: Double, _ mean: Double, _ std: Double) -> Double {
      let z = (v - mean) / std
      return Foundation.exp(-0.5 * z * z) / (std * (2 * Double.pi).squareRoot())
    }
    switch self {
    case .one:
      if x < 0 { return 0.8 * normal(y, Foundation.sin(x), 0.075) + 0.2 * normal(y, -Foundation.sin(x), 0.075) }
      guard y > -1 else { return 0 }
      return normal(Foundation.log(y + 1), 0, 0.25) / (y + 1)
    case .two:
      return normal(y, Foundation.sin(x), Self.noiseScale(x))
    }
  }
}
