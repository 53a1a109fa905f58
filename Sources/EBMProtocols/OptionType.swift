/// The type of a component option, which decides how a CLI string or JSON value is read.
public enum OptionType: Sendable, Equatable, CustomStringConvertible {
  case int
  case double
  case bool
  case string
  /// Comma-separated numbers, e.g. `0.2,1.6`.
  case doubleList
  case intList
  /// One of a fixed set of strings.
  case choice([String])
  /// Comma-separated names from a fixed set (`[]` means any).
  case stringList([String])

  public var description: String {
    switch self {
    case .int: "integer"
    case .double: "number"
    case .bool: "true/false"
    case .string: "string"
    case .doubleList: "comma-separated numbers"
    case .intList: "comma-separated integers"
    case let .choice(c): "one of " + c.joined(separator: "|")
    case let .stringList(c): c.isEmpty ? "comma-separated names" : "comma-separated subset of " + c.joined(separator: ",")
    }
  }
}
