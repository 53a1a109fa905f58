import EBMProtocols

/// What `ebm list` and `ebm describe` show about one registered component, whatever its kind.
struct ComponentInfo: Sendable {
  var kind: ComponentKind
  var name: String
  var summary: String
  var details: String
  var aliases: [String]
  var options: [OptionSpec]

  init<C>(kind: ComponentKind, _ descriptor: ComponentDescriptor<C>) {
    self.kind = kind
    self.name = descriptor.name
    self.summary = descriptor.summary
    self.details = descriptor.details
    self.aliases = descriptor.aliases
    self.options = descriptor.options
  }

  /// Every component of the registry, by kind in display order, then by name.
  static func all(in registry: Registry) -> [ComponentInfo] {
    func infos<C>(_ table: ComponentTable<C>) -> [ComponentInfo] {
      table.descriptors.map { ComponentInfo(kind: table.kind, $0) }
    }
    var result: [ComponentInfo] = []
    for kind in ComponentKind.allCases {
      switch kind {
      case .task: result += infos(registry.tasks)
      case .architecture: result += infos(registry.architectures)
      case .objective: result += infos(registry.objectives)
      case .sampler: result += infos(registry.samplers)
      case .optimizer: result += infos(registry.optimizers)
      case .inference: result += infos(registry.inference)
      case .study: result += infos(registry.studies)
      }
    }
    return result
  }

  /// `range 0...10` or `one of a|b` or empty.
  static func constraint(_ spec: OptionSpec) -> String {
    switch spec.type {
    case let .choice(choices): return "one of " + choices.joined(separator: "|")
    case let .stringList(allowed) where !allowed.isEmpty: return "subset of " + allowed.joined(separator: ",")
    default:
      guard let range = spec.range else { return "" }
      return "range \(format(range.lowerBound))...\(format(range.upperBound))"
    }
  }

  /// Short type name for tables.
  static func typeName(_ type: OptionType) -> String {
    switch type {
    case .int: "int"
    case .double: "number"
    case .bool: "bool"
    case .string: "string"
    case .doubleList: "numbers"
    case .intList: "ints"
    case .choice: "choice"
    case .stringList: "names"
    }
  }

  /// An option value as the CLI would accept it (`1` rather than `1.0`).
  static func value(_ value: OptionValue) -> String {
    switch value {
    case let .double(v): format(v)
    case let .doubleList(v): v.map(format).joined(separator: ",")
    default: value.description
    }
  }

  static func format(_ v: Double) -> String {
    if v.isInfinite { return v < 0 ? "-inf" : "inf" }
    return v == v.rounded() && Swift.abs(v) < 1e12 ? String(Int(v)) : "\(v)"
  }

  /// The JSON form (for `--json`).
  var json: JSONValue {
    .object([
      ("kind", .string(kind.rawValue)), ("name", .string(name)), ("summary", .string(summary)),
      ("details", .string(details)), ("aliases", .array(aliases.map { .string($0) })),
      (
        "options",
        .array(
          options.map { spec in
            var pairs: [(String, JSONValue)] = [
              ("name", .string(spec.name)), ("type", .string(ComponentInfo.typeName(spec.type))),
              ("default", .option(spec.defaultValue)), ("doc", .string(spec.doc)),
            ]
            if let range = spec.range {
              pairs.append(("range", .array([.number(range.lowerBound), .number(range.upperBound)])))
            }
            switch spec.type {
            case let .choice(c): pairs.append(("choices", .array(c.map { .string($0) })))
            case let .stringList(c) where !c.isEmpty: pairs.append(("choices", .array(c.map { .string($0) })))
            default: break
            }
            return .object(pairs)
          })
      ),
    ])
  }
}
