/// A component named in the registry, with option values (as a user wrote them: CLI strings,
/// JSON values or Swift values); the registry checks them against the component's options.
public struct ComponentReference: Sendable, Equatable, Codable, CustomStringConvertible {
  /// Registry name, e.g. `"nce+"`.
  public var name: String
  /// Option values by option name.
  public var options: [String: OptionValue]

  public init(_ name: String, options: [String: OptionValue] = [:]) {
    self.name = name
    self.options = options
  }

  enum CodingKeys: String, CodingKey { case name, options }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decode(String.self, forKey: .name)
    options = try container.decodeIfPresent([String: OptionValue].self, forKey: .options) ?? [:]
  }

  public var description: String {
    options.isEmpty ? name : "\(name)(" + options.keys.sorted().map { "\($0)=\(options[$0]!)" }.joined(separator: ", ") + ")"
  }

  /// The same reference with `overrides` applied on top.
  public func with(_ overrides: [String: OptionValue]) -> ComponentReference {
    ComponentReference(name, options: options.merging(overrides) { _, new in new })
  }
}
