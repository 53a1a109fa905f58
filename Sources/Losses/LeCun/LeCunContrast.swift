/// Which energies besides the correct answer's E(W, Yⁱ, Xⁱ) a LeCun loss reads, so that the
/// expensive ones (the most offending answer for continuous Y) are only computed when needed.
///
/// LeCun et al., "A Tutorial on Energy-Based Learning" (2006), section 2.2.
public enum LeCunContrast: Sendable, Equatable {
  /// Only E(W, Yⁱ, Xⁱ) (the energy loss).
  case correctOnly
  /// E(W, Ȳⁱ, Xⁱ) of the most offending incorrect answer Ȳⁱ as well (margin losses), and
  /// min_Y E(W, Y, Xⁱ) = min(E(Yⁱ), E(Ȳⁱ)) (the perceptron loss).
  case mostOffending
  /// Every answer's energy (the negative log-likelihood; discrete Y only).
  case allAnswers
}
