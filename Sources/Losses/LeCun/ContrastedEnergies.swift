import Tensors

/// The energies one batch gives a LeCun loss (all recorded with respect to the parameters).
///
/// - `correct`: E(W, Yⁱ, Xⁱ), `[B]`.
/// - `offending`: E(W, Ȳⁱ, Xⁱ) of the most offending incorrect answer, `[B]`, when the loss
///   asked for it. For discrete Y, Ȳⁱ = argmin_{Y ≠ Yⁱ} E(W, Y, Xⁱ) (ties: the lowest label
///   index); for continuous Y, the lowest-energy answer found outside the ball ‖Y − Yⁱ‖ < ε.
/// - `all`: every label's energy `[B, K]`, for discrete Y.
/// - `labels`: the correct labels Yⁱ, for discrete Y.
public struct ContrastedEnergies: Sendable {
  /// E(W, Yⁱ, Xⁱ), `[B]`.
  public var correct: Tensor
  /// E(W, Ȳⁱ, Xⁱ), `[B]`, or `nil` when not computed.
  public var offending: Tensor?
  /// Every label's energy `[B, K]` (discrete Y), or `nil`.
  public var all: Tensor?
  /// The correct labels Yⁱ (discrete Y), or `nil`.
  public var labels: [Int]?

  public init(correct: Tensor, offending: Tensor? = nil, all: Tensor? = nil, labels: [Int]? = nil) {
    self.correct = correct
    self.offending = offending
    self.all = all
    self.labels = labels
  }

  /// min_Y E(W, Y, Xⁱ) = min(E(Yⁱ), E(Ȳⁱ)), `[B]`. Ties go to the correct answer, so the
  /// perceptron loss E(Yⁱ) − min_Y E(Y) has zero gradient whenever Yⁱ is among the minimisers.
  public var lowest: Tensor {
    guard let offending else { preconditionFailure("lowest needs the most offending energies") }
    return Tensor.minimum(correct, offending)
  }

  /// The most offending energies, for losses that declared ``LeCunContrast/mostOffending``.
  public var requireOffending: Tensor {
    guard let offending else { preconditionFailure("this loss needs the most offending energies; declare .mostOffending") }
    return offending
  }
}
