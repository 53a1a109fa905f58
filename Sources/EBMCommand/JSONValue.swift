import EBMProtocols

/// A JSON value with object keys in insertion order, for `--json` output and result files.
/// Non-finite numbers become `null` (JSON has no NaN).
indirect enum JSONValue: Sendable {
  case null
  case bool(Bool)
  case int(Int)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])
  /// Already-rendered JSON text, inserted as is.
  case raw(String)

  /// A number, or `null` when absent or not finite.
  static func number(_ value: Double?) -> JSONValue {
    guard let value, value.isFinite else { return .null }
    return .number(value)
  }

  /// An option value.
  static func option(_ value: OptionValue) -> JSONValue {
    switch value {
    case let .int(v): .int(v)
    case let .double(v): .number(v)
    case let .bool(v): .bool(v)
    case let .string(v): .string(v)
    case let .doubleList(v): .array(v.map { JSONValue.number($0) })
    case let .intList(v): .array(v.map { .int($0) })
    case let .stringList(v): .array(v.map { .string($0) })
    }
  }

  /// Compact text on one line.
  var compact: String { render(indent: nil, level: 0) }

  /// Indented text.
  var pretty: String { render(indent: "  ", level: 0) }

  func render(indent: String?, level: Int) -> String {
    let newline = indent == nil ? "" : "\n"
    let pad = { (n: Int) in String(repeating: indent ?? "", count: n) }
    let separator = indent == nil ? ", " : ","
    switch self {
    case .null: return "null"
    case let .raw(text): return text
    case let .bool(v): return v ? "true" : "false"
    case let .int(v): return "\(v)"
    case let .number(v): return v.isFinite ? "\(v)" : "null"
    case let .string(v): return JSONString.quoted(v)
    case let .array(items):
      if items.isEmpty { return "[]" }
      let inner = items.map { pad(level + 1) + $0.render(indent: indent, level: level + 1) }
      return "[" + newline + inner.joined(separator: separator + newline) + newline + pad(level) + "]"
    case let .object(pairs):
      if pairs.isEmpty { return "{}" }
      let inner = pairs.map { key, value in
        pad(level + 1) + JSONString.quoted(key) + ": " + value.render(indent: indent, level: level + 1)
      }
      return "{" + newline + inner.joined(separator: separator + newline) + newline + pad(level) + "}"
    }
  }

}
