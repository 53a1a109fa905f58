extension StepSizeSchedule {
  /// The schedule's shape, as an option value (`schedule=constant|linear|geometric`).
  public enum Kind: String, Sendable, CaseIterable {
    case constant
    case linear
    case geometric
  }

  /// The schedule of `kind` ending at `final` (ignored by `constant`).
  public init(_ kind: Kind, final: Double) {
    switch kind {
    case .constant: self = .constant
    case .linear: self = .linear(final: final)
    case .geometric: self = .geometric(final: final)
    }
  }
}
