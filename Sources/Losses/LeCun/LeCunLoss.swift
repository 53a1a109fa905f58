import EBMProtocols
import Tensors

/// A loss from LeCun et al.'s catalogue: a function of the correct answer's energy
/// E(W, Yⁱ, Xⁱ) and, for contrastive losses, of the most offending incorrect answer's energy
/// E(W, Ȳⁱ, Xⁱ) or of every answer's energy.
///
/// ```
/// L(W) = (1/P) Σᵢ L(Yⁱ, E(W, 𝒴, Xⁱ))
/// ```
/// Conforming types give only the per-example loss (``perExampleLoss(_:)``) and say which
/// energies it reads (``contrast``); the extension below makes every one a
/// ``TrainingObjective`` that serves discrete-label energies (labels from the batch) and
/// conditional energies with continuous Y (targets from the batch, Ȳ found by
/// ``MostOffendingSearch``).
///
/// Reference: Y. LeCun, S. Chopra, R. Hadsell, M. Ranzato, F. J. Huang, "A Tutorial on
/// Energy-Based Learning", in *Predicting Structured Data*, MIT Press, 2006, section 2.2.
public protocol LeCunLoss: TrainingObjective {
  /// Which energies the loss reads.
  var contrast: LeCunContrast { get }
  /// How the most offending answer is found for continuous Y.
  var search: MostOffendingSearch { get }
  /// The loss of each example, `[B]` (recorded).
  func perExampleLoss(_ energies: ContrastedEnergies) -> Tensor
}
