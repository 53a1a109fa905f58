/// A registered component: its name, a one-line summary, longer details (equation, paper),
/// typed options and the factory that builds it from validated options.
public struct ComponentDescriptor<Component>: Sendable {
  public var name: String
  public var summary: String
  /// Equation, paper and notes, shown by `ebm describe`.
  public var details: String
  public var options: [OptionSpec]
  public var aliases: [String]
  public var make: @Sendable (ComponentOptions, ComponentContext) throws -> Component

  public init(
    name: String, summary: String, details: String = "", options: [OptionSpec] = [], aliases: [String] = [],
    make: @escaping @Sendable (ComponentOptions, ComponentContext) throws -> Component
  ) {
    self.name = name
    self.summary = summary
    self.details = details
    self.options = options
    self.aliases = aliases
    self.make = make
  }

  /// Validates raw option values against the declarations, filling in defaults.
  /// - Throws: ``EBMError/invalidOption(component:option:reason:)`` for unknown options and
  ///   bad values (with the nearest option name).
  public func resolveOptions(_ raw: [String: OptionValue]) throws -> ComponentOptions {
    var values: [String: OptionValue] = [:]
    for spec in options { values[spec.name] = spec.defaultValue }
    for key in raw.keys.sorted() {
      guard let spec = options.first(where: { $0.name == key }) else {
        let names = options.map(\.name)
        let hint = NameSuggestion.nearest(to: key, in: names).map { " Did you mean '\($0)'?" } ?? ""
        throw EBMError.invalidOption(
          component: name, option: key,
          reason: "does not exist.\(hint) Options: \(names.isEmpty ? "none" : names.joined(separator: ", "))")
      }
      values[key] = try spec.validate(raw[key]!, component: name)
    }
    return ComponentOptions(component: name, values: values)
  }
}
