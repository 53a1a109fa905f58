import Tensors

/// The Gibbs distribution of an energy over a finite answer set (LeCun et al., 2006, eq. 1):
///
/// ```
/// P(Y | X) = exp(−β E(Y, X)) / Σ_{y ∈ 𝒴} exp(−β E(y, X))
/// ```
/// β is the inverse temperature: β → ∞ puts all the mass on argmin_Y E; β → 0 makes P uniform.
public enum GibbsDistribution {
  /// P(Y | X) for every label, `[B, K]`, from energies `[B, K]` (a stable softmax of −β E).
  public static func probabilities(energies: Tensor, beta: Float) -> Tensor {
    precondition(beta > 0, "GibbsDistribution: beta must be > 0")
    return (energies * -beta).softmax(alongAxis: energies.rank - 1)
  }

  /// log P(Y | X) for every label, `[B, K]`.
  public static func logProbabilities(energies: Tensor, beta: Float) -> Tensor {
    precondition(beta > 0, "GibbsDistribution: beta must be > 0")
    return (energies * -beta).logSoftmax(alongAxis: energies.rank - 1)
  }
}
