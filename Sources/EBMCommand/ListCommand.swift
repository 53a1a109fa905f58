import EBMProtocols

/// `ebm list [KIND] [--json]`: the registered components, by kind.
struct ListCommand: Subcommand {
  let name = "list"
  let abstract = "list registered components (tasks, architectures, objectives, samplers, optimizers, studies)"
  let synopsis = "[KIND] [--json]"
  let maximumPositionals = 1
  let flags = [FlagSpec.toggle("json", "one JSON object per component on standard output")]
  var discussion: String { "KIND is one of: " + Registry.kinds.joined(separator: ", ") + " (plural forms accepted)." }

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
            ("kind", .string(component.kind)), ("name", .string(component.name)),
            ("summary", .string(component.summary)),
          ]).compact)
      }
      return
    }
    var rows = [["kind", "name", "summary"]]
    for component in components {
      let alias = component.aliases.isEmpty ? "" : " (alias " + component.aliases.joined(separator: ", ") + ")"
      rows.append([component.kind, component.name + alias, component.summary])
    }
    context.io.output(StudyRunner.formatTable(rows))
  }

  /// A kind name, accepting plurals (`objectives`) and reporting the nearest kind otherwise.
  static func kind(_ text: String) throws -> String {
    let lowered = text.lowercased()
    if Registry.kinds.contains(lowered) { return lowered }
    for kind in Registry.kinds where lowered == kind + "s" || (kind == "study" && lowered == "studies") {
      return kind
    }
    if lowered == "inferences" { return "inference" }
    let hint = NameSuggestion.nearest(to: lowered, in: Registry.kinds).map { " Did you mean '\($0)'?" } ?? ""
    throw CommandError.usage("unknown kind '\(text)'.\(hint) Kinds: \(Registry.kinds.joined(separator: ", "))")
  }
}
