/// An invalid optimizer configuration or checkpointed optimizer state.
///
/// Thrown by the optimizer initialisers (``SGD``, ``Adam``, ``AdamW``), by
/// ``LearningRateSchedule/validate()`` and by ``Optimizer/restore(_:)``. The description names
/// the optimizer, the field, the offending value and how to fix it, on one line.
public enum OptimizerError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A hyperparameter outside its valid range.
  ///
  /// - Parameters:
  ///   - owner: The optimizer or schedule, e.g. `"SGD"`.
  ///   - name: The hyperparameter, e.g. `"momentum"`.
  ///   - value: The rejected value, as text.
  ///   - requirement: What a valid value looks like, e.g. `"must be in [0, 1)"`.
  case invalidHyperparameter(owner: String, name: String, value: String, requirement: String)
  /// Checkpointed state that this optimizer cannot continue from.
  ///
  /// - Parameters:
  ///   - owner: The optimizer, e.g. `"Adam"`.
  ///   - reason: What is wrong with the state.
  case invalidState(owner: String, reason: String)

  /// A one-line message naming the problem and ending with a `help:` hint.
  public var description: String {
    switch self {
    case .invalidHyperparameter(let owner, let name, let value, let requirement):
      return "\(owner): \(name) = \(value) is invalid; it \(requirement). "
        + "help: change \(name) in the optimizer configuration"
    case .invalidState(let owner, let reason):
      return "\(owner): cannot restore optimizer state: \(reason). "
        + "help: restore a state captured from the same kind of optimizer and model"
    }
  }
}
