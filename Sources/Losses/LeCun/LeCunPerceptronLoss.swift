import EBMProtocols
import Tensors

/// The generalised perceptron loss: the correct answer's energy minus the lowest energy.
///
/// ```
/// L_perceptron(Yⁱ, E(W, 𝒴, Xⁱ)) = E(W, Yⁱ, Xⁱ) − min_{Y ∈ 𝒴} E(W, Y, Xⁱ)
/// ```
/// Always ≥ 0, and 0 when Yⁱ has the lowest energy. It has no margin, so nothing stops the
/// architecture from making every energy equal: with the RBF architecture it collapses.
/// min_Y E(Y) = min(E(Yⁱ), E(Ȳⁱ)) with ties going to Yⁱ (zero gradient when Yⁱ is a minimiser);
/// for continuous Y, min_Y is taken over Yⁱ and the most offending answer outside radius ε.
///
/// Reference: LeCun et al., "A Tutorial on Energy-Based Learning" (2006), section 2.2.2.
public struct LeCunPerceptronLoss: LeCunLoss {
  public var search: MostOffendingSearch
  public init(search: MostOffendingSearch = MostOffendingSearch()) { self.search = search }
  public var contrast: LeCunContrast { .mostOffending }
  public func perExampleLoss(_ energies: ContrastedEnergies) -> Tensor { energies.correct - energies.lowest }
}
