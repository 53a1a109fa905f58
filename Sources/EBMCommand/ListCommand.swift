import EBMProtocols

/// `ebm list [KIND] [--json]`: the registered components, by kind.
struct ListCommand: Subcommand {
  let name = "list"
  let abstract = "list registered components (tasks, architectures, objectives, samplers, optimizers, studies)"
  let synopsis = "[KIND] [--json]"
  let maximumPositionals = 1
  let flags = [FlagSpec.toggle("json", "one JSON object per component on standard output")]
  var discussion: String { "KIND is one of: " + ListCommand.kindNames.joined(separator: ", ") + " (plural forms accepted)." }

  func run(_ arguments: ParsedArguments, context: CommandContext) throws {
    var components = ComponentInfo.all(in: context.registry)
    if let requested = arguments.positionals.first {
      let kind = try ListCommand.kind(requested)
      components = components.filter { $0.kind == kind }
    }
    if arguments.has("json") {
      for component in components {
        context.io.output(
          JSONValue.object([
            ("kind", .string(component.kind.rawValue)), ("name", .string(component.name)),
            ("summary", .string(component.summary)), ("aliases", .array(component.aliases.map { .string($0) })),
          ]).compact)
      }
      return
    }
    var rows = [["kind", "name", "summary"]]
    for component in components {
      let alias = component.aliases.isEmpty ? "" : " (alias " + component.aliases.joined(separator: ", ") + ")"
      rows.append([component.kind.rawValue, component.name + alias, component.summary])
    }
    context.io.output(StudyRunner.formatTable(rows))
    if components.isEmpty { context.io.output("(none registered)") }
  }

  /// A kind name, accepting plurals (`objectives`) and reporting the nearest kind otherwise.
  static func kind(_ text: String) throws -> ComponentKind {
    if let kind = ComponentKind(argument: text) { return kind }
    let hint = NameSuggestion.nearest(to: text.lowercased(), in: kindNames).map { " Did you mean '\($0)'?" } ?? ""
    throw CommandError.usage("unknown kind '\(text)'.\(hint) Kinds: \(kindNames.joined(separator: ", "))")
  }

  /// The kinds' names, in display order.
  static let kindNames = ComponentKind.allCases.map(\.rawValue)
}
