/// How a study run diverged: training stopped because the loss or a parameter became NaN or
/// infinite (``EBMError/nonFiniteLoss(step:lastFiniteLoss:)``,
/// ``EBMError/nonFiniteParameter(name:step:)``).
///
/// For a study that compares methods a diverged run is a result, not a failure: the
/// ``StudyRunner`` records it (`records/<id>.json` keeps the step and the last finite loss),
/// goes on with the other runs, and the summary shows "n of N seeds" diverged with the
/// statistics over the finished seeds. A resumed study does not run it again (training is
/// seeded, so it would diverge at the same step); delete its record to run it again.
public struct StudyDivergence: Codable, Sendable, Equatable {
  /// The training step whose loss (or update) was not finite.
  public var step: Int
  /// The loss of the step before, if there was one.
  public var lastFiniteLoss: Double?
  /// The parameter that became non-finite (nil when the loss itself did).
  public var parameter: String?

  public init(step: Int, lastFiniteLoss: Double?, parameter: String? = nil) {
    self.step = step
    self.lastFiniteLoss = lastFiniteLoss.flatMap { $0.isFinite ? $0 : nil }
    self.parameter = parameter
  }

  /// The divergence an error reports, or nil when the error is anything else (a real failure).
  public init?(_ error: Error) {
    guard let error = error as? EBMError else { return nil }
    switch error {
    case let .nonFiniteLoss(step, last): self.init(step: step, lastFiniteLoss: last)
    case let .nonFiniteParameter(name, step): self.init(step: step, lastFiniteLoss: nil, parameter: name)
    default: return nil
    }
  }

  /// E.g. "diverged at step 12 (last finite loss 0.53)".
  public var summary: String {
    var text = "diverged at step \(step)"
    if let parameter { text += " (parameter '\(parameter)' became non-finite)" }
    if let lastFiniteLoss { text += " (last finite loss \(lastFiniteLoss))" }
    return text
  }
}
