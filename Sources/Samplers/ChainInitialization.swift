import Tensors
import EBMProtocols

/// Where dynamics samplers start chains that the request gives no start for.
public enum ChainInitialization: Sendable, Equatable {
  /// Uniform in [−scale, scale]^d.
  case uniform(scale: Float)
  /// N(0, scale² I).
  case normal(scale: Float)

  /// `count` fresh points of dimension `d`, flat row-major.
  public func draw(count: Int, dimension d: Int, using rng: inout RandomGenerator) -> [Float] {
    switch self {
    case let .uniform(scale): Tensor.uniform([count * d], low: -scale, high: scale, using: &rng).scalars
    case let .normal(scale): Tensor.normal([count * d], std: scale, using: &rng).scalars
    }
  }
}
