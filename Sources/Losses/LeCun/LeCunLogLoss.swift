import EBMProtocols
import Tensors

/// The log loss, a soft version of the hinge loss with an infinite margin.
///
/// ```
/// L_log(W, Yⁱ, Xⁱ) = log(1 + exp(E(W, Yⁱ, Xⁱ) − E(W, Ȳⁱ, Xⁱ)))
/// ```
/// computed as softplus(E(Yⁱ) − E(Ȳⁱ)), which is stable for large differences.
///
/// Reference: LeCun et al., "A Tutorial on Energy-Based Learning" (2006), section 2.2.3.
public struct LeCunLogLoss: LeCunLoss {
  public var search: MostOffendingSearch
  public init(search: MostOffendingSearch = MostOffendingSearch()) { self.search = search }
  public var contrast: LeCunContrast { .mostOffending }
  public func perExampleLoss(_ energies: ContrastedEnergies) -> Tensor {
    (energies.correct - energies.requireOffending).softplus()
  }
}
