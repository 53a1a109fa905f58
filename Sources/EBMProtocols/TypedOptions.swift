/// A component's options as one typed value, declared once: the fields with their defaults
/// (the paper's, written as property initialisers and nowhere else) and, beside them, one
/// ``OptionField`` per field: its name on the command line and in pipeline files, its doc and
/// its valid range. One generic decoder, ``decode(_:)``, turns the registry's validated values
/// into the struct; the ``OptionSpec``s that `ebm describe` prints and that validate user
/// input are derived from the fields and the defaults, so they cannot drift apart.
///
/// ```swift
/// extension NoiseContrastiveEstimationPlus {
///   public struct Options: TypedOptions {
///     /// M, noise samples per example (the paper: 1024).
///     public var samples = 1024
///     /// β, the scale of the noise added to the ground truth (the paper: 0.025).
///     public var beta = 0.025
///     public init() {}
///     public static let fields: [OptionField<Options>] = [
///       .int("samples", \.samples, "M, noise samples per example", range: 1...1_000_000),
///       .double("beta", \.beta, "β, the scale of the noise added to the ground truth", range: 0...1e3),
///     ]
///   }
/// }
/// registry.objectives.register(name: "nce+", summary: "…", options: NoiseContrastiveEstimationPlus.Options.self) {
///   options, _ in NoiseContrastiveEstimationPlus(options)
/// }
/// ```
///
/// Validation: each field's `range` bounds numbers (and every element of numeric lists); a
/// choice field accepts only its enum's cases; ``validate(component:)`` checks relations
/// between fields (e.g. a minimum below a maximum) after decoding. All three run before a
/// component is built, and a violation is an ``EBMError/invalidOption(component:option:reason:)``.
public protocol TypedOptions: Sendable {
  /// The defaults.
  init()
  /// One field per option, in `ebm describe` order.
  static var fields: [OptionField<Self>] { get }
  /// Checks that involve several fields, after each field passed its own checks.
  ///
  /// - Throws: ``EBMError/invalidOption(component:option:reason:)`` naming the option to fix.
  func validate(component: String) throws
}

extension TypedOptions {
  /// Default: the fields' own checks (type, range, choices) are enough.
  public func validate(component: String) throws {}

  /// The option declarations, with the defaults read from `Self()`.
  public static var specs: [OptionSpec] { specs(defaults: Self()) }

  /// The option declarations with other defaults (a component registered under several names
  /// whose defaults differ, e.g. one task per data set).
  public static func specs(defaults: Self) -> [OptionSpec] {
    fields.map { $0.spec(defaults: defaults) }
  }

  /// The typed value of validated options (defaults filled in by the registry).
  ///
  /// - Throws: what ``validate(component:)`` throws.
  public static func decode(_ options: ComponentOptions, defaults: Self = Self()) throws -> Self {
    var decoded = defaults
    for field in fields { field.assign(options.value(field.name), &decoded) }
    try decoded.validate(component: options.component)
    return decoded
  }

  /// The options as name → value (for pipeline files and checkpoints).
  public var values: [String: OptionValue] {
    Dictionary(uniqueKeysWithValues: Self.fields.map { ($0.name, $0.read(self)) })
  }
}
