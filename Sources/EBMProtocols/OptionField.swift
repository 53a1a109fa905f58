/// One field of a ``TypedOptions`` struct: the option's name, doc and valid range, and the key
/// path it is stored at. The default is the struct's own (`Root()`), so it is written once.
///
/// ```swift
/// .int("steps", \.steps, "MCMC steps per request", range: 0...1_000_000)
/// .choice("activation", \.activation, "hidden nonlinearity")  // an enum: String, CaseIterable
/// ```
public struct OptionField<Root>: Sendable {
  /// The option's name (lowercase with hyphens) on the command line and in pipeline files.
  public let name: String
  /// One line for `ebm describe`.
  public let doc: String
  /// How user values are read.
  public let type: OptionType
  /// Valid closed range of numbers (every element of numeric lists); `nil` for any value.
  public let range: ClosedRange<Double>?
  let read: @Sendable (Root) -> OptionValue
  let assign: @Sendable (OptionValue, inout Root) -> Void

  init(
    _ name: String, _ type: OptionType, _ doc: String, range: ClosedRange<Double>?,
    read: @escaping @Sendable (Root) -> OptionValue, assign: @escaping @Sendable (OptionValue, inout Root) -> Void
  ) {
    self.name = name
    self.type = type
    self.doc = doc
    self.range = range
    self.read = read
    self.assign = assign
  }

  /// The declaration the registry validates user input with.
  public func spec(defaults: Root) -> OptionSpec {
    OptionSpec(name, type, default: read(defaults), doc, range: range)
  }

  /// An integer.
  public static func int(
    _ name: String, _ keyPath: WritableKeyPath<Root, Int> & Sendable, _ doc: String, range: ClosedRange<Double>? = nil
  ) -> OptionField {
    OptionField(name, .int, doc, range: range, read: { .int($0[keyPath: keyPath]) }) { value, root in
      guard case let .int(v) = value else { preconditionFailure("option '\(name)' is not an integer: \(value)") }
      root[keyPath: keyPath] = v
    }
  }

  /// A number stored as `Double`.
  public static func double(
    _ name: String, _ keyPath: WritableKeyPath<Root, Double> & Sendable, _ doc: String,
    range: ClosedRange<Double>? = nil
  ) -> OptionField {
    OptionField(name, .double, doc, range: range, read: { .double($0[keyPath: keyPath]) }) { value, root in
      root[keyPath: keyPath] = number(value, name)
    }
  }

  /// A number stored as `Float` (its default is shown as the `Float`'s exact value).
  public static func float(
    _ name: String, _ keyPath: WritableKeyPath<Root, Float> & Sendable, _ doc: String,
    range: ClosedRange<Double>? = nil
  ) -> OptionField {
    OptionField(name, .double, doc, range: range, read: { .double(shortest($0[keyPath: keyPath])) }) { value, root in
      root[keyPath: keyPath] = Float(number(value, name))
    }
  }

  /// A true/false switch.
  public static func bool(_ name: String, _ keyPath: WritableKeyPath<Root, Bool> & Sendable, _ doc: String) -> OptionField {
    OptionField(name, .bool, doc, range: nil, read: { .bool($0[keyPath: keyPath]) }) { value, root in
      guard case let .bool(v) = value else { preconditionFailure("option '\(name)' is not a boolean: \(value)") }
      root[keyPath: keyPath] = v
    }
  }

  /// A free string (a path, a name); modes are ``choice(_:_:_:)``, never strings.
  public static func string(_ name: String, _ keyPath: WritableKeyPath<Root, String> & Sendable, _ doc: String) -> OptionField {
    OptionField(name, .string, doc, range: nil, read: { .string($0[keyPath: keyPath]) }) { value, root in
      guard case let .string(v) = value else { preconditionFailure("option '\(name)' is not a string: \(value)") }
      root[keyPath: keyPath] = v
    }
  }

  /// One of an enum's cases, by raw value (a mode: never a free string).
  public static func choice<Mode: RawRepresentable & CaseIterable & Sendable>(
    _ name: String, _ keyPath: WritableKeyPath<Root, Mode> & Sendable, _ doc: String
  ) -> OptionField where Mode.RawValue == String {
    OptionField(name, .choice(Mode.allCases.map(\.rawValue)), doc, range: nil, read: { .string($0[keyPath: keyPath].rawValue) }) {
      value, root in
      guard case let .string(v) = value, let mode = Mode(rawValue: v) else {
        preconditionFailure("option '\(name)' is not one of its choices: \(value)")
      }
      root[keyPath: keyPath] = mode
    }
  }

  /// A list of an enum's cases, by raw value (e.g. the methods a study runs: never free strings).
  public static func choices<Mode: RawRepresentable & CaseIterable & Sendable>(
    _ name: String, _ keyPath: WritableKeyPath<Root, [Mode]> & Sendable, _ doc: String
  ) -> OptionField where Mode.RawValue == String {
    OptionField(
      name, .stringList(Mode.allCases.map(\.rawValue)), doc, range: nil,
      read: { .stringList($0[keyPath: keyPath].map(\.rawValue)) }
    ) { value, root in
      guard case let .stringList(v) = value else { preconditionFailure("option '\(name)' is not a list: \(value)") }
      root[keyPath: keyPath] = v.map { element in
        guard let mode = Mode(rawValue: element) else { preconditionFailure("option '\(name)': '\(element)' is not one of its choices") }
        return mode
      }
    }
  }

  /// A list of numbers stored as `[Float]`.
  public static func floats(
    _ name: String, _ keyPath: WritableKeyPath<Root, [Float]> & Sendable, _ doc: String,
    range: ClosedRange<Double>? = nil
  ) -> OptionField {
    OptionField(name, .doubleList, doc, range: range, read: { .doubleList($0[keyPath: keyPath].map(shortest)) }) {
      value, root in
      guard case let .doubleList(v) = value else { preconditionFailure("option '\(name)' is not a list: \(value)") }
      root[keyPath: keyPath] = v.map(Float.init)
    }
  }

  /// A list of numbers stored as `[Double]`.
  public static func doubles(
    _ name: String, _ keyPath: WritableKeyPath<Root, [Double]> & Sendable, _ doc: String,
    range: ClosedRange<Double>? = nil
  ) -> OptionField {
    OptionField(name, .doubleList, doc, range: range, read: { .doubleList($0[keyPath: keyPath]) }) { value, root in
      guard case let .doubleList(v) = value else { preconditionFailure("option '\(name)' is not a list: \(value)") }
      root[keyPath: keyPath] = v
    }
  }

  /// A list of names, each one of `allowed` (any name when `allowed` is empty).
  public static func strings(
    _ name: String, _ keyPath: WritableKeyPath<Root, [String]> & Sendable, _ doc: String, allowed: [String] = []
  ) -> OptionField {
    OptionField(name, .stringList(allowed), doc, range: nil, read: { .stringList($0[keyPath: keyPath]) }) { value, root in
      guard case let .stringList(v) = value else { preconditionFailure("option '\(name)' is not a list: \(value)") }
      root[keyPath: keyPath] = v
    }
  }

  /// A list of integers.
  public static func ints(
    _ name: String, _ keyPath: WritableKeyPath<Root, [Int]> & Sendable, _ doc: String, range: ClosedRange<Double>? = nil
  ) -> OptionField {
    OptionField(name, .intList, doc, range: range, read: { .intList($0[keyPath: keyPath]) }) { value, root in
      guard case let .intList(v) = value else { preconditionFailure("option '\(name)' is not a list: \(value)") }
      root[keyPath: keyPath] = v
    }
  }

  /// This field as a field of a larger options struct that stores `Root` at `keyPath`, so
  /// options shared by several components are declared once and embedded:
  ///
  /// ```swift
  /// static let fields = [.float("margin", \.margin, "margin m")]
  ///   + MostOffendingSearch.Options.fields.map { $0.nested(in: \.search) }
  /// ```
  public func nested<Outer>(in keyPath: WritableKeyPath<Outer, Root> & Sendable) -> OptionField<Outer> {
    let read = self.read
    let assign = self.assign
    return OptionField<Outer>(
      name, type, doc, range: range, read: { read($0[keyPath: keyPath]) },
      assign: { value, outer in assign(value, &outer[keyPath: keyPath]) })
  }

  static func number(_ value: OptionValue, _ name: String) -> Double {
    switch value {
    case let .double(v): v
    case let .int(v): Double(v)
    default: preconditionFailure("option '\(name)' is not a number: \(value)")
    }
  }

  /// The shortest decimal that reads back as `value` (0.025, not 0.02500000037252903).
  static func shortest(_ value: Float) -> Double { Double("\(value)") ?? Double(value) }
}
