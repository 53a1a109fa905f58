import EBMProtocols
import Tensors

/// The energy loss: the energy of the correct answer, nothing else.
///
/// ```
/// L_energy(Yⁱ, E(W, 𝒴, Xⁱ)) = E(W, Yⁱ, Xⁱ)
/// ```
/// It pulls the correct answer's energy down and pushes no other answer up, so it only works
/// with architectures where lowering E(Yⁱ) automatically raises the others (e.g. the regression
/// energy ‖Y − G_W(X)‖², where it is plain squared error). With an architecture that can make
/// every energy equal and small (the tutorial's linear map followed by radial basis functions),
/// it collapses: all energies go to zero and the model answers at chance.
///
/// Reference: LeCun et al., "A Tutorial on Energy-Based Learning" (2006), section 2.2.1.
public struct LeCunEnergyLoss: LeCunLoss {
  public init() {}
  public var contrast: LeCunContrast { .correctOnly }
  public var search: MostOffendingSearch { MostOffendingSearch() }
  public func perExampleLoss(_ energies: ContrastedEnergies) -> Tensor { energies.correct }
}
