import EBMProtocols
import Foundation

/// `ebm study NAME`: runs a registered study (a grid of pipelines × seeds) through the
/// ``StudyRunner``; the study's own options are given as `--OPTION VALUE` flags.
struct StudyCommand: Subcommand {
  let name = "study"
  let abstract = "run a study (methods × data sets × seeds): summary table, results.json/csv, pictures"
  let synopsis = "NAME [--seeds N] [--jobs N] [--out DIR] [--json] [--no-pictures] [--OPTION VALUE ...]"
  let maximumPositionals = 1
  let acceptsExtraFlags = true
  let flags = [
    FlagSpec.value("seeds", "N", "number of seeds, 1…10000 (0, 1, …, N−1; default: the study's)"),
    FlagSpec.value("jobs", "N", "runs trained at once, 1…1024 (default 1; same results, but train_seconds then include contention)"),
    FlagSpec.value("out", "DIR", "output folder (default runs/<study>-<UTC time>)"),
    FlagSpec.toggle("json", "one JSON object per result row on standard output (and no table)"),
    FlagSpec.toggle("no-pictures", "do not draw pictures"),
  ]
  let discussion = """
    The study's own options (its filters such as --methods a,b or --datasets 1,2) are listed by
    'ebm describe NAME'; 'ebm list study' lists the studies. Lists are comma-separated; a
    true/false option given without a value means true.

    The output folder receives results.json, results.csv, summary.txt and the study's pictures.
    """

  /// `ebm study NAME --help` adds the study's own options.
  func help(topic: String?, context: CommandContext) -> String {
    guard let topic, let descriptor = try? context.registry.studies.descriptor(topic) else {
      let names = context.registry.studies.names
      return help + "\n\nstudies: " + (names.isEmpty ? "none registered" : names.joined(separator: ", "))
    }
    return help + "\n\n" + DescribeCommand.text(ComponentInfo(kind: "study", descriptor))
      .replacingOccurrences(of: "(write them as \(descriptor.name):KEY=VALUE,KEY=VALUE)", with: "(give them as --OPTION VALUE)")
  }

  func run(_ arguments: ParsedArguments, context: CommandContext) throws {
    guard let studyName = arguments.positionals.first else { throw CommandError.usage("missing study NAME") }
    let seeds = try arguments.int("seeds", range: 1...10_000)
    let jobs = try arguments.int("jobs", range: 1...1024) ?? 1
    _ = try arguments.nonEmpty("out")
    let registry = context.registry
    let descriptor = try CommandError.asInput { try registry.studies.descriptor(studyName) }
    var raw: [String: OptionValue] = [:]
    for (key, value) in arguments.extra {
      guard let spec = descriptor.options.first(where: { $0.name == key }) else {
        let names = descriptor.options.map(\.name)
        let hint = NameSuggestion.nearest(to: key, in: names + flags.map(\.name)).map { "; did you mean --\($0)?" } ?? ""
        let known = (flags.map(\.name) + names).map { "--" + $0 }.joined(separator: ", ")
        throw CommandError.usage("unknown flag '--\(key)' for study '\(descriptor.name)'\(hint) (flags: \(known))")
      }
      if let value {
        raw[key] = .string(value)
      } else if spec.type == .bool {
        raw[key] = .bool(true)
      } else {
        throw CommandError.usage("--\(key) needs a value (\(spec.type))")
      }
    }
    let options = try CommandError.asInput { try descriptor.resolveOptions(raw) }
    let study = try CommandError.asInput { try descriptor.make(options, ComponentContext()) }
    let directory = arguments.string("out").map(context.url) ?? context.defaultRunDirectory(descriptor.name)
    let folder = try OutputFolder.open(directory, continuing: true)
    do {
      _ = try StudyRunner(registry: registry).run(
        study, name: descriptor.name, seedCount: seeds, outputDirectory: directory, json: arguments.has("json"),
        drawPictures: !arguments.has("no-pictures"), jobs: jobs, output: context.io.output, log: context.io.error)
      context.io.error("results: \(directory.path)")
    } catch {
      folder.removeCreated()
      throw CommandError.failure(CommandError.oneLine(error))
    }
  }
}
