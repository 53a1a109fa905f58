import EBMProtocols
import Tensors

/// The negative log-likelihood of the Gibbs distribution over a finite label set: LeCun et al.'s
/// NLL loss (MMI in speech recognition) and, at β = 1, the classifier's cross-entropy.
///
/// ```
/// L = (1/B) Σᵢ −(1/β) log P(Yⁱ | Xⁱ, W),   P(Y | X) = e^{−β E(W, Y, X)} / Σ_y e^{−β E(W, y, X)}
///   = (1/B) Σᵢ [E(W, Yⁱ, Xⁱ) + (1/β) log Σ_y exp(−β E(W, y, Xⁱ))]
/// ```
/// Computed as the cross-entropy of the logits −β E (a stable log-softmax), divided by β. Its
/// gradient pulls E(Yⁱ) down and pushes every answer up in proportion to its Gibbs probability.
/// Over continuous Y the sum has no general closed form, so the loss serves discrete energies.
///
/// One objective under several names: `nll` (LeCun), `mmi`, and `cross-entropy`/`ce` (the OOD
/// study's pretraining; Hendrycks et al., ICLR 2019; Liu et al., NeurIPS 2020).
///
/// Reference: LeCun et al., "A Tutorial on Energy-Based Learning" (2006), section 2.2.4.
public struct NegativeLogLikelihood: LeCunLoss {
  /// The inverse temperature β.
  public var beta: Float

  public init(_ options: Options = Options()) {
    precondition(options.beta > 0, "NegativeLogLikelihood: beta must be > 0")
    self.beta = options.beta
  }

  /// Integer labels in the batches (the loss is over a finite label set).
  public var requirements: ObjectiveRequirements { [.labels] }
  public var contrast: LeCunContrast { .allAnswers }
  public var search: MostOffendingSearch { MostOffendingSearch() }

  /// −(1/β) log softmax(−β E)_{Yⁱ} per example, `[B]`.
  public func perExampleLoss(_ energies: ContrastedEnergies) -> Tensor {
    guard let all = energies.all, let labels = energies.labels else {
      preconditionFailure("the NLL loss needs every answer's energy and the labels")
    }
    return -ClassifierLosses.logLikelihoods(logits: all * -beta, labels: labels) * (1 / beta)
  }
}
