import EBMProtocols

/// `ebm describe NAME [--kind KIND] [--json]`: a component's summary, options (type, default,
/// allowed values, doc) and details (a loss's equation and paper).
struct DescribeCommand: Subcommand {
  let name = "describe"
  let abstract = "show a component's summary, options with defaults and allowed values, equation and paper"
  let synopsis = "NAME [--kind KIND] [--json]"
  let maximumPositionals = 1
  let flags = [
    FlagSpec.value("kind", "KIND", "only the component of this kind (when a name is used by several kinds)"),
    FlagSpec.toggle("json", "the description as JSON on standard output"),
  ]

  func run(_ arguments: ParsedArguments, context: CommandContext) throws {
    guard let requested = arguments.positionals.first else { throw CommandError.usage("missing NAME") }
    let kind = try arguments.string("kind").map(ListCommand.kind)
    let all = ComponentInfo.all(in: context.registry)
    var found = all.filter { ($0.name == requested || $0.aliases.contains(requested)) && (kind == nil || $0.kind == kind) }
    if found.isEmpty {
      let pool = all.filter { kind == nil || $0.kind == kind }
      let names = pool.map(\.name) + pool.flatMap(\.aliases)
      let hint = NameSuggestion.nearest(to: requested, in: names).map { " Did you mean '\($0)'?" } ?? ""
      throw CommandError.input(
        "no \(kind?.rawValue ?? "component") is called '\(requested)'.\(hint) help: 'ebm list\(kind.map { " " + $0.rawValue } ?? "")' shows what exists")
    }
    found.sort { ComponentKind.allCases.firstIndex(of: $0.kind)! < ComponentKind.allCases.firstIndex(of: $1.kind)! }
    if arguments.has("json") {
      for component in found { context.io.output(component.json.compact) }
      return
    }
    context.io.output(found.map(DescribeCommand.text).joined(separator: "\n\n"))
  }

  /// The human-readable description.
  static func text(_ component: ComponentInfo) -> String {
    var lines = ["\(component.kind.rawValue) \(component.name): \(component.summary)"]
    if !component.aliases.isEmpty { lines.append("aliases: " + component.aliases.joined(separator: ", ")) }
    if component.options.isEmpty {
      lines.append("options: none")
    } else {
      lines.append("")
      lines.append("options (write them as \(component.name):KEY=VALUE,KEY=VALUE):")
      var rows = [["option", "type", "default", "allowed", "doc"]]
      for spec in component.options {
        rows.append([
          spec.name, ComponentInfo.typeName(spec.type), ComponentInfo.value(spec.defaultValue),
          ComponentInfo.constraint(spec), spec.doc,
        ])
      }
      lines.append(StudyRunner.formatTable(rows).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
    }
    if !component.details.isEmpty {
      lines.append("")
      lines.append(component.details)
    }
    return lines.joined(separator: "\n")
  }
}
