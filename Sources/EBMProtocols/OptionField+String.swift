extension OptionField {
  /// A free string (a path, a name); modes are ``choice(_:_:_:)``, never strings.
  public static func string(_ name: String, _ keyPath: WritableKeyPath<Root, String> & Sendable, _ doc: String) -> OptionField {
    OptionField(name, .string, doc, range: nil, read: { .string($0[keyPath: keyPath]) }) { value, root in
      guard case let .string(v) = value else { preconditionFailure("option '\(name)' is not a string: \(value)") }
      root[keyPath: keyPath] = v
    }
  }
}
