import Foundation

/// The declaration of one option of a registered component: name, type, default, doc and
/// allowed range. The registry reads user values (CLI strings, JSON values) through it.
public struct OptionSpec: Sendable {
  public var name: String
  public var type: OptionType
  public var defaultValue: OptionValue
  public var doc: String
  /// Allowed closed range for numbers (and every element of numeric lists).
  public var range: ClosedRange<Double>?

  public init(_ name: String, _ type: OptionType, default defaultValue: OptionValue, _ doc: String, range: ClosedRange<Double>? = nil) {
    self.name = name
    self.type = type
    self.defaultValue = defaultValue
    self.doc = doc
    self.range = range
  }

  /// Convenience: a number option.
  public static func double(_ name: String, _ value: Double, _ doc: String, range: ClosedRange<Double>? = nil) -> OptionSpec {
    OptionSpec(name, .double, default: .double(value), doc, range: range)
  }
  /// Convenience: an integer option.
  public static func int(_ name: String, _ value: Int, _ doc: String, range: ClosedRange<Double>? = nil) -> OptionSpec {
    OptionSpec(name, .int, default: .int(value), doc, range: range)
  }
  /// Convenience: a boolean option.
  public static func bool(_ name: String, _ value: Bool, _ doc: String) -> OptionSpec {
    OptionSpec(name, .bool, default: .bool(value), doc)
  }
  /// Convenience: a choice among strings.
  public static func choice(_ name: String, _ value: String, _ choices: [String], _ doc: String) -> OptionSpec {
    OptionSpec(name, .choice(choices), default: .string(value), doc)
  }
  /// Convenience: a list of numbers.
  public static func doubles(_ name: String, _ value: [Double], _ doc: String, range: ClosedRange<Double>? = nil) -> OptionSpec {
    OptionSpec(name, .doubleList, default: .doubleList(value), doc, range: range)
  }

  /// Reads `value` as this option's type, checking range and choices.
  /// - Throws: ``EBMError/invalidOption(component:option:reason:)`` naming what is allowed.
  public func validate(_ value: OptionValue, component: String) throws -> OptionValue {
    func fail(_ reason: String) -> EBMError {
      .invalidOption(component: component, option: name, reason: reason)
    }
    func checkRange(_ v: Double) throws {
      guard v.isFinite else { throw fail("must be a finite number, got \(v)") }
      if let range, !range.contains(v) {
        throw fail("must be in \(format(range.lowerBound))...\(format(range.upperBound)), got \(format(v))")
      }
    }
    // Strings (from the CLI or JSON strings) are parsed by type first.
    if case let .string(text) = value {
      switch type {
      case .string, .choice: break
      default: return try validate(parse(text, component: component), component: component)
      }
    }
    switch (type, value) {
    case (.int, .int(let v)):
      try checkRange(Double(v))
      return .int(v)
    case (.int, .double(let v)) where v == v.rounded() && Swift.abs(v) < 1e15:
      try checkRange(v)
      return .int(Int(v))
    case (.double, .double(let v)):
      try checkRange(v)
      return .double(v)
    case (.double, .int(let v)):
      try checkRange(Double(v))
      return .double(Double(v))
    case (.bool, .bool(let v)):
      return .bool(v)
    case (.string, .string(let v)):
      return .string(v)
    case (.choice(let choices), .string(let v)):
      guard choices.contains(v) else { throw fail("must be one of \(choices.joined(separator: ", ")), got '\(v)'") }
      return .string(v)
    case (.doubleList, .doubleList(let v)):
      try v.forEach(checkRange)
      return .doubleList(v)
    case (.doubleList, .intList(let v)):
      try v.forEach { try checkRange(Double($0)) }
      return .doubleList(v.map(Double.init))
    case (.doubleList, .double(let v)):
      try checkRange(v)
      return .doubleList([v])
    case (.doubleList, .int(let v)):
      try checkRange(Double(v))
      return .doubleList([Double(v)])
    case (.intList, .intList(let v)):
      try v.forEach { try checkRange(Double($0)) }
      return .intList(v)
    case (.intList, .int(let v)):
      try checkRange(Double(v))
      return .intList([v])
    case (.stringList(let allowed), .stringList(let v)):
      if v.isEmpty || v.contains("") { throw fail("needs at least one name and no empty names") }
      if !allowed.isEmpty, let bad = v.first(where: { !allowed.contains($0) }) {
        throw fail("has '\(bad)', which is not one of \(allowed.joined(separator: ", "))")
      }
      return .stringList(v)
    default:
      throw fail("must be \(type), got '\(value)'")
    }
  }

  /// Parses a CLI string as this option's type.
  public func parse(_ text: String, component: String) throws -> OptionValue {
    func fail() -> EBMError {
      .invalidOption(component: component, option: name, reason: "must be \(type), got '\(text)'")
    }
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    switch type {
    case .int:
      guard let v = Int(trimmed) else { throw fail() }
      return .int(v)
    case .double:
      guard let v = Double(trimmed) else { throw fail() }
      return .double(v)
    case .bool:
      switch trimmed.lowercased() {
      case "true", "yes", "1": return .bool(true)
      case "false", "no", "0": return .bool(false)
      default: throw fail()
      }
    case .string, .choice:
      return .string(trimmed)
    case .doubleList:
      let items = trimmed.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
      guard !items.isEmpty, items.allSatisfy({ $0 != nil }) else { throw fail() }
      return .doubleList(items.map { $0! })
    case .intList:
      let items = trimmed.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard !items.isEmpty, items.allSatisfy({ $0 != nil }) else { throw fail() }
      return .intList(items.map { $0! })
    case .stringList:
      let items = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      guard !trimmed.isEmpty, !items.contains("") else {
        throw EBMError.invalidOption(
          component: component, option: name, reason: "needs at least one name and no empty names, got '\(text)'")
      }
      return .stringList(items)
    }
  }

  func format(_ v: Double) -> String {
    v == v.rounded() && Swift.abs(v) < 1e12 ? String(Int(v)) : String(v)
  }
}
