/// Errors from bad user input (names, options, configuration files, data) and from runs that
/// fail. Every message names what is wrong and how to fix it.
public enum EBMError: Error, CustomStringConvertible, Equatable {
  /// No component of `kind` is called `name`.
  case unknownComponent(kind: String, name: String, available: [String], suggestion: String?)
  /// An option value is missing, of the wrong type or out of range.
  case invalidOption(component: String, option: String, reason: String)
  /// Components that cannot work together.
  case incompatible(String)
  /// A configuration or data file is unreadable or malformed.
  case invalidFile(path: String, reason: String)
  /// Training produced a non-finite loss.
  case nonFiniteLoss(step: Int, lastFiniteLoss: Double?)
  /// Training made a parameter NaN or infinite (the loss may still have been finite).
  case nonFiniteParameter(name: String, step: Int)
  /// Anything else the user can fix, with the fix.
  case invalid(String)

  public var description: String {
    switch self {
    case let .unknownComponent(kind, name, available, suggestion):
      let hint = suggestion.map { " Did you mean '\($0)'?" } ?? ""
      return "unknown \(kind) '\(name)'.\(hint) Available: \(available.isEmpty ? "none" : available.joined(separator: ", "))"
    case let .invalidOption(component, option, reason):
      return "\(component): option '\(option)' \(reason)"
    case let .incompatible(reason):
      return "incompatible pipeline: \(reason)"
    case let .invalidFile(path, reason):
      return "\(path): \(reason)"
    case let .nonFiniteLoss(step, last):
      return "training stopped: the loss became NaN or infinite at step \(step)"
        + (last.map { "; the last finite loss was \($0)" } ?? "; no finite loss was seen")
        + ". help: lower the learning rate or the sampler step size"
    case let .nonFiniteParameter(name, step):
      return "training stopped: parameter '\(name)' became NaN or infinite at step \(step)"
        + ". help: lower the learning rate or the sampler step size"
    case let .invalid(message):
      return message
    }
  }
}
