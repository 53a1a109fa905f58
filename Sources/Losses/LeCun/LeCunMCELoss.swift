import EBMProtocols
import Tensors

/// The minimum classification error loss (Juang et al.), a smooth count of errors.
///
/// ```
/// L_mce(W, Yⁱ, Xⁱ) = σ(E(W, Yⁱ, Xⁱ) − E(W, Ȳⁱ, Xⁱ)),   σ(u) = (1 + e^{−u})^{−1}
/// ```
/// Zero margin; saturates, so that examples far on either side of the boundary stop pulling.
///
/// Reference: LeCun et al., "A Tutorial on Energy-Based Learning" (2006), section 2.2.3.
public struct LeCunMCELoss: LeCunLoss {
  public var search: MostOffendingSearch
  public init(search: MostOffendingSearch = MostOffendingSearch()) { self.search = search }
  public var contrast: LeCunContrast { .mostOffending }
  public func perExampleLoss(_ energies: ContrastedEnergies) -> Tensor {
    (energies.correct - energies.requireOffending).sigmoid()
  }
}
