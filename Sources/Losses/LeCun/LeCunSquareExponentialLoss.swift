import EBMProtocols
import Tensors

/// The square-exponential loss (LeCun & Huang, 2005).
///
/// ```
/// L_sq-exp(W, Yⁱ, Xⁱ) = E(W, Yⁱ, Xⁱ)² + γ e^{−E(W, Ȳⁱ, Xⁱ)}
/// ```
/// Like square-square, with an infinite soft margin on the most offending answer.
///
/// - Parameters: γ, a positive constant (default 1).
///
/// Reference: LeCun et al., "A Tutorial on Energy-Based Learning" (2006), section 2.2.3.
public struct LeCunSquareExponentialLoss: LeCunLoss {
  /// The weight γ of the exponential term.
  public var gamma: Float
  public var search: MostOffendingSearch
  public init(gamma: Float = Options().gamma, search: MostOffendingSearch = MostOffendingSearch()) {
    precondition(gamma > 0, "LeCunSquareExponentialLoss: gamma must be > 0")
    self.gamma = gamma
    self.search = search
  }
  public var contrast: LeCunContrast { .mostOffending }
  public func perExampleLoss(_ energies: ContrastedEnergies) -> Tensor {
    energies.correct.squared() + gamma * (-energies.requireOffending).exp()
  }
}
