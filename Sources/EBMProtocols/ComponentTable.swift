/// The registered components of one kind, by name (and alias).
///
/// ```swift
/// registry.objectives.register(name: "my-loss", summary: "My loss", options: MyLoss.Options.self) {
///   options, _ in MyLoss(options)
/// }
/// ```
public struct ComponentTable<Component>: Sendable {
  /// What the table holds (for messages).
  public let kind: ComponentKind
  var entries: [String: ComponentDescriptor<Component>] = [:]
  var aliases: [String: String] = [:]

  public init(kind: ComponentKind) { self.kind = kind }

  /// Adds a component. Registering a name twice is a programmer error.
  public mutating func register(_ descriptor: ComponentDescriptor<Component>) {
    precondition(
      entries[descriptor.name] == nil && aliases[descriptor.name] == nil,
      "\(kind.rawValue) '\(descriptor.name)' is registered twice")
    entries[descriptor.name] = descriptor
    for alias in descriptor.aliases {
      precondition(entries[alias] == nil && aliases[alias] == nil, "\(kind.rawValue) alias '\(alias)' is registered twice")
      aliases[alias] = descriptor.name
    }
  }

  /// Adds a component from its parts.
  public mutating func register(
    name: String, summary: String, details: String = "", options: [OptionSpec] = [], aliases: [String] = [],
    make: @escaping @Sendable (ComponentOptions, ComponentContext) throws -> Component
  ) {
    register(ComponentDescriptor(name: name, summary: summary, details: details, options: options, aliases: aliases, make: make))
  }

  /// Adds a component whose options are a ``TypedOptions`` struct: the specs come from it, and
  /// `make` receives the decoded, validated value.
  ///
  /// ```swift
  /// registry.objectives.register(name: "nce+", summary: "…", options: NoiseContrastiveEstimationPlus.Options.self) {
  ///   options, _ in NoiseContrastiveEstimationPlus(options)
  /// }
  /// ```
  ///
  /// `defaults` replaces `Options()` when one type is registered under several names whose
  /// defaults differ (e.g. a task per data set, each with its own noise level).
  public mutating func register<Options: TypedOptions>(
    name: String, summary: String, details: String = "", options: Options.Type, defaults: Options = Options(),
    aliases: [String] = [], make: @escaping @Sendable (Options, ComponentContext) throws -> Component
  ) {
    register(
      ComponentDescriptor(
        name: name, summary: summary, details: details, options: Options.specs(defaults: defaults), aliases: aliases
      ) { raw, context in try make(Options.decode(raw, defaults: defaults), context) })
  }

  /// Replaces a component of the same name (for users who want to swap a built-in).
  public mutating func replace(_ descriptor: ComponentDescriptor<Component>) {
    entries[descriptor.name] = descriptor
  }

  /// Registered names, sorted.
  public var names: [String] { entries.keys.sorted() }

  /// All descriptors, sorted by name.
  public var descriptors: [ComponentDescriptor<Component>] { names.map { entries[$0]! } }

  /// Whether `name` (or an alias) is registered.
  public func contains(_ name: String) -> Bool { entries[name] != nil || aliases[name] != nil }

  /// The descriptor called `name` (or an alias of it).
  /// - Throws: ``EBMError/unknownComponent(kind:name:available:suggestion:)``.
  public func descriptor(_ name: String) throws -> ComponentDescriptor<Component> {
    if let d = entries[name] { return d }
    if let target = aliases[name], let d = entries[target] { return d }
    throw EBMError.unknownComponent(
      kind: kind.rawValue, name: name, available: names,
      suggestion: NameSuggestion.nearest(to: name, in: names + Array(aliases.keys)))
  }

  /// Builds the component a reference names, validating its options.
  public func make(_ reference: ComponentReference, context: ComponentContext = ComponentContext()) throws -> Component {
    let d = try descriptor(reference.name)
    return try d.make(try d.resolveOptions(reference.options), context)
  }
}
