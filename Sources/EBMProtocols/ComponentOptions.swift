/// The validated option values of one component (defaults filled in), read by its factory
/// through typed accessors. Produced by the registry; strings stop before this point.
public struct ComponentOptions: Sendable {
  /// The component these options belong to (for messages).
  public let component: String
  let values: [String: OptionValue]

  public init(component: String, values: [String: OptionValue]) {
    self.component = component
    self.values = values
  }

  func value(_ name: String) -> OptionValue {
    guard let v = values[name] else {
      preconditionFailure("\(component) reads option '\(name)', which it did not declare")
    }
    return v
  }

  /// A number option.
  public func double(_ name: String) -> Double {
    switch value(name) {
    case let .double(v): return v
    case let .int(v): return Double(v)
    default: preconditionFailure("\(component).\(name) is not a number")
    }
  }
  /// A number option as Float.
  public func float(_ name: String) -> Float { Float(double(name)) }
  /// An integer option.
  public func int(_ name: String) -> Int {
    guard case let .int(v) = value(name) else { preconditionFailure("\(component).\(name) is not an integer") }
    return v
  }
  /// A boolean option.
  public func bool(_ name: String) -> Bool {
    guard case let .bool(v) = value(name) else { preconditionFailure("\(component).\(name) is not a boolean") }
    return v
  }
  /// A string or choice option.
  public func string(_ name: String) -> String {
    guard case let .string(v) = value(name) else { preconditionFailure("\(component).\(name) is not a string") }
    return v
  }
  /// A list-of-numbers option.
  public func doubles(_ name: String) -> [Double] {
    guard case let .doubleList(v) = value(name) else { preconditionFailure("\(component).\(name) is not a list") }
    return v
  }
  /// A list-of-integers option.
  public func ints(_ name: String) -> [Int] {
    guard case let .intList(v) = value(name) else { preconditionFailure("\(component).\(name) is not a list") }
    return v
  }
  /// A list-of-names option.
  public func strings(_ name: String) -> [String] {
    guard case let .stringList(v) = value(name) else { preconditionFailure("\(component).\(name) is not a list") }
    return v
  }

  /// All values, for printing and checkpoints.
  public var all: [String: OptionValue] { values }
}
