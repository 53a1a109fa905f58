import EBMProtocols
import Foundation

/// `ebm study NAME`: runs a registered study (a grid of pipelines × seeds) through the
/// ``StudyRunner``; the study's own options are given as `--OPTION VALUE` flags. `--shard I/N`
/// runs one fixed part of the grid (a job-array task); `ebm study merge DIR…` builds the
/// results from the records of shard folders.
struct StudyCommand: Subcommand {
  let name = "study"
  let abstract = "run a study (methods × data sets × seeds): summary table, results.json/csv, pictures"
  let synopsis = "NAME [--seeds N] [--jobs N] [--shard I/N] [--out DIR] [--json] [--no-pictures] [--OPTION VALUE ...] | merge DIR... [--out DIR] [--json]"
  let maximumPositionals = 10_000
  let acceptsExtraFlags = true
  let flags = [
    FlagSpec.value("seeds", "N", "number of seeds, 1…10000 (0, 1, …, N−1; default: the study's)"),
    FlagSpec.value("jobs", "N", "runs trained at once, 1…1024 (default 1; same results, but train_seconds then include contention)"),
    FlagSpec.value("shard", "I/N", "run only the I-th of N fixed, cost-balanced parts of the grid (records only; then 'ebm study merge')"),
    FlagSpec.value("out", "DIR", "output folder (default runs/<study>-<UTC time>; merge: the first DIR)"),
    FlagSpec.toggle("json", "one JSON object per result row on standard output (and no table)"),
    FlagSpec.toggle("no-pictures", "do not draw the runs' pictures (the study figures and report.html are still written)"),
  ]
  let discussion = """
    The study's own options (its filters such as --methods a,b or --datasets 1,2) are listed by
    'ebm describe NAME'; 'ebm list study' lists the studies. Lists are comma-separated; a
    true/false option given without a value means true.

    The output folder receives study.json (the study and its options), records/<run>.json (one
    per finished run, written atomically), results.json, results.csv, summary.txt, the study's
    figures and pictures, and report.html (one self-contained page). Running the study again
    into the same folder skips the runs that have a record (resume after a kill or preemption);
    other options are refused. A run whose loss or parameters become NaN or infinite is a
    result, not a failure: its record keeps the step and the last finite loss, the study goes
    on, the table shows "n of N seeds" diverged with the statistics over the finished seeds,
    and the exit status is 0; a re-run does not train it again (training is seeded: it would
    diverge at the same step; delete records/<run>.json to run it again). With --shard I/N only that part runs and only its records are
    written; 'ebm study merge DIR...' builds the results, figures and report from the records of
    every shard folder (or one shared folder) and names the runs still missing (exit status 1).
    """

  /// `ebm study NAME --help` adds the study's own options.
  func help(topic: String?, context: CommandContext) -> String {
    guard let topic, let descriptor = try? context.registry.studies.descriptor(topic) else {
      let names = context.registry.studies.names
      return help + "\n\nstudies: " + (names.isEmpty ? "none registered" : names.joined(separator: ", "))
    }
    return help + "\n\n" + DescribeCommand.text(ComponentInfo(kind: .study, descriptor))
      .replacingOccurrences(of: "(write them as \(descriptor.name):KEY=VALUE,KEY=VALUE)", with: "(give them as --OPTION VALUE)")
  }

  func run(_ arguments: ParsedArguments, context: CommandContext) throws {
    guard let studyName = arguments.positionals.first else { throw CommandError.usage("missing study NAME") }
    if studyName == "merge" { return try merge(arguments, context: context) }
    if arguments.positionals.count > 1 {
      throw CommandError.usage("unexpected argument '\(arguments.positionals[1])' (one study NAME; 'ebm study merge DIR...' takes folders)")
    }
    let shard = try arguments.string("shard").map { text in try CommandError.asInput { try StudyShard(parsing: text) } }
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
    let directory: URL
    if let out = arguments.string("out") {
      directory = context.url(out)
    } else if shard != nil {
      throw CommandError.usage("--shard needs --out DIR (a folder the shards share, or one per shard for 'ebm study merge')")
    } else {
      directory = context.defaultRunDirectory(descriptor.name)
    }
    try CommandError.asInput { try StudyRunner.checkFolder(directory, study: descriptor.name, settings: options.settings) }
    // Shards share their folder with other processes writing at the same time: it is only
    // created, never cleaned of others' temporary files nor removed after a failure.
    let folder: OutputFolder?
    if shard == nil {
      folder = try OutputFolder.open(directory, continuing: true)
    } else {
      folder = nil
      do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      } catch {
        throw CommandError.input("cannot create the output folder \(directory.path) (\(error.localizedDescription))")
      }
    }
    do {
      let outcome = try StudyRunner(registry: registry).run(
        study, name: descriptor.name, settings: options.settings, seedCount: seeds, outputDirectory: directory,
        shard: shard, json: arguments.has("json"), drawPictures: !arguments.has("no-pictures"), jobs: jobs,
        output: context.io.output, log: context.io.error, terminal: context.io.terminal)
      context.io.error(shard == nil ? "results: \(directory.path)" : "records: \(directory.path)/records (\(outcome.executedRuns) run here)")
    } catch {
      // Records of finished runs are kept: a re-run into the folder resumes from them.
      let records = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("records").path)) ?? []
      folder?.removeCreated(keeping: records.isEmpty ? [] : ["records", "study.json"])
      throw CommandError.failure(CommandError.oneLine(error))
    }
  }

  /// `ebm study merge DIR...`: the results, figures and report from the records of the folders.
  func merge(_ arguments: ParsedArguments, context: CommandContext) throws {
    let folders = arguments.positionals.dropFirst().map(context.url)
    guard !folders.isEmpty else { throw CommandError.usage("ebm study merge needs at least one study folder (DIR...)") }
    for flag in ["seeds", "jobs", "shard", "no-pictures"] where arguments.has(flag) {
      throw CommandError.usage("--\(flag) does not apply to 'ebm study merge' (the folders' study.json holds the study and its options)")
    }
    if let key = arguments.extra.first?.0 {
      throw CommandError.usage("unknown flag '--\(key)' for 'ebm study merge' (flags: --out, --json)")
    }
    let directory = arguments.string("out").map(context.url) ?? folders[0]
    let outcome: StudyRunner.Outcome
    do {
      outcome = try StudyRunner(registry: context.registry).merge(
        Array(folders), into: directory, json: arguments.has("json"), output: context.io.output, log: context.io.error)
    } catch {
      throw CommandError.input(CommandError.oneLine(error))
    }
    context.io.error("results: \(directory.path)")
    if !outcome.missingRuns.isEmpty {
      throw CommandError.failure("\(outcome.missingRuns.count) runs have no record yet; run their shards again, then merge")
    }
  }
}
