/// The kinds of component a ``Registry`` holds, in display order (`ebm list`, `ebm describe`).
public enum ComponentKind: String, Sendable, CaseIterable {
  case task
  case architecture
  case objective
  case sampler
  case optimizer
  case inference
  case study

  /// The kind a user typed: its name or its plural (`objectives`, `studies`, `inferences`).
  public init?(argument text: String) {
    let lowered = text.lowercased()
    if let kind = ComponentKind(rawValue: lowered) {
      self = kind
      return
    }
    guard let kind = ComponentKind.allCases.first(where: { $0.plural == lowered || $0.rawValue + "s" == lowered }) else {
      return nil
    }
    self = kind
  }

  /// The plural, for messages and arguments.
  public var plural: String { self == .study ? "studies" : rawValue + "s" }
}
