import EBMProtocols
import Tensors

/// The negative log-likelihood loss (maximum mutual information in speech recognition):
/// −log of the Gibbs probability of the correct answer, divided by β.
///
/// ```
/// L_nll(W, Yⁱ, Xⁱ) = E(W, Yⁱ, Xⁱ) + (1/β) log Σ_{Y ∈ 𝒴} exp(−β E(W, Y, Xⁱ))
///                  = −(1/β) log P(Yⁱ | Xⁱ, W),   P(Y | X) = e^{−β E(Y, X)} / Σ_y e^{−β E(y, X)}
/// ```
/// Its gradient pulls E(Yⁱ) down and pushes every answer up in proportion to its Gibbs
/// probability. Over a finite label set the sum is exact (computed by a stable log-sum-exp);
/// over continuous Y it has no general closed form, so the loss is for discrete energies.
///
/// - Parameters: β, the inverse temperature (default 1).
///
/// Reference: LeCun et al., "A Tutorial on Energy-Based Learning" (2006), section 2.2.4.
public struct LeCunNLLLoss: LeCunLoss {
  /// The inverse temperature β.
  public var beta: Float
  public init(beta: Float = 1) {
    precondition(beta > 0, "LeCunNLLLoss: beta must be > 0")
    self.beta = beta
  }
  public var contrast: LeCunContrast { .allAnswers }
  public var search: MostOffendingSearch { MostOffendingSearch() }
  public func perExampleLoss(_ energies: ContrastedEnergies) -> Tensor {
    guard let all = energies.all else { preconditionFailure("the NLL loss needs every answer's energy") }
    return energies.correct + (all * -beta).logSumExp(alongAxis: 1) * (1 / beta)
  }
}
