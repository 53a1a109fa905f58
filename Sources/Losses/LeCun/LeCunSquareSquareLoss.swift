import EBMProtocols
import Tensors

/// The square-square loss (Chopra, Hadsell & LeCun's siamese networks; Hadsell et al.).
///
/// ```
/// L_sq-sq(W, Yⁱ, Xⁱ) = E(W, Yⁱ, Xⁱ)² + (max(0, m − E(W, Ȳⁱ, Xⁱ)))²
/// ```
/// Pushes the correct answer's energy towards 0 and the most offending answer's energy above
/// m. Meant for non-negative energies.
///
/// - Parameters: margin m (default 1).
///
/// Reference: LeCun et al., "A Tutorial on Energy-Based Learning" (2006), section 2.2.3.
public struct LeCunSquareSquareLoss: LeCunLoss {
  /// The margin m.
  public var margin: Float
  public var search: MostOffendingSearch
  public init(margin: Float = Options().margin, search: MostOffendingSearch = MostOffendingSearch()) {
    precondition(margin >= 0, "LeCunSquareSquareLoss: margin must be >= 0")
    self.margin = margin
    self.search = search
  }
  public var contrast: LeCunContrast { .mostOffending }
  public func perExampleLoss(_ energies: ContrastedEnergies) -> Tensor {
    energies.correct.squared() + (margin - energies.requireOffending).relu().squared()
  }
}
