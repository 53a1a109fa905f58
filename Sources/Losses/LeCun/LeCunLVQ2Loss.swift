import EBMProtocols
import Tensors

/// Kohonen's LVQ2 loss, in the form used for speech recognition (Driancourt et al., 1991).
///
/// ```
/// L_lvq2(W, Yⁱ, Xⁱ) = min(M, max(0, (E(W, Yⁱ, Xⁱ) − E(W, Ȳⁱ, Xⁱ)) / E(W, Ȳⁱ, Xⁱ)))
/// ```
/// Zero margin: the loss is 0 as soon as E(Yⁱ) < E(Ȳⁱ), and it saturates at M. It assumes
/// positive energies (distances to prototypes, as with the RBF architecture); with energies
/// of either sign (logits) the ratio is meaningless.
///
/// - Parameters: saturation M (default 1).
///
/// Reference: LeCun et al., "A Tutorial on Energy-Based Learning" (2006), section 2.2.3.
public struct LeCunLVQ2Loss: LeCunLoss {
  /// The saturation level M.
  public var saturation: Float
  public var search: MostOffendingSearch
  public init(saturation: Float = Options().saturation, search: MostOffendingSearch = MostOffendingSearch()) {
    precondition(saturation > 0, "LeCunLVQ2Loss: M must be > 0")
    self.saturation = saturation
    self.search = search
  }
  public var contrast: LeCunContrast { .mostOffending }
  public func perExampleLoss(_ energies: ContrastedEnergies) -> Tensor {
    let offending = energies.requireOffending
    return ((energies.correct - offending) / offending).relu().clamped(max: saturation)
  }
}
