import EBMProtocols
import Tensors

/// The (generalised margin) hinge loss.
///
/// ```
/// L_hinge(W, Yⁱ, Xⁱ) = max(0, m + E(W, Yⁱ, Xⁱ) − E(W, Ȳⁱ, Xⁱ))
/// ```
/// Zero once the most offending incorrect answer Ȳⁱ has an energy at least m above the
/// correct one. Used by Altun & Hofmann's structured SVMs and Taskar's max-margin Markov nets.
///
/// - Parameters: margin m (default 1).
///
/// Reference: LeCun et al., "A Tutorial on Energy-Based Learning" (2006), section 2.2.3.
public struct LeCunHingeLoss: LeCunLoss {
  /// The margin m.
  public var margin: Float
  public var search: MostOffendingSearch
  public init(margin: Float = Options().margin, search: MostOffendingSearch = MostOffendingSearch()) {
    precondition(margin >= 0, "LeCunHingeLoss: margin must be >= 0")
    self.margin = margin
    self.search = search
  }
  public var contrast: LeCunContrast { .mostOffending }
  public func perExampleLoss(_ energies: ContrastedEnergies) -> Tensor {
    (energies.correct - energies.requireOffending + margin).relu()
  }
}
