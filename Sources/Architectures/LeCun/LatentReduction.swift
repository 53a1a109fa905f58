import Tensors

/// How a latent variable Z is eliminated from E(W, Z, Y, X) (LeCun et al., 2006, sections 1.3
/// and 2.2.4):
///
/// ```
/// minimum:      E(W, Y, X) = min_Z E(W, Z, Y, X)
/// free energy:  E(W, Y, X) = −(1/β) log Σ_Z exp(−β E(W, Z, Y, X))
/// ```
/// The free energy tends to the minimum as β → ∞; at finite β it is below the minimum by at
/// most (1/β) log |Z|.
public enum LatentReduction: Sendable, Equatable {
  case minimum
  case freeEnergy(beta: Float)

  /// Eliminates the last axis of `energies` (`[..., |Z|]` → `[...]`).
  public func reduce(_ energies: Tensor) -> Tensor {
    let axis = energies.rank - 1
    switch self {
    case .minimum:
      return energies.min(alongAxis: axis)
    case let .freeEnergy(beta):
      return (energies * -beta).logSumExp(alongAxis: axis) * (-1 / beta)
    }
  }
}
