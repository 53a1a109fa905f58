import Foundation
import Tensors

/// Runs any ``Study``: every cell of its grid for the requested seeds (or one shard of it),
/// live progress on standard error, one JSON object per record on standard output with
/// `--json`, the summary table (mean ± std over seeds), and in the output folder
/// `results.json` / `results.csv` / `summary.txt`, the study's figures and `report.html`.
///
/// Every finished run writes `records/<id>.json` atomically (``StudyRecordFile``); a re-run
/// into the same folder reuses the records it finds (so a killed or preempted study resumes
/// where it stopped) and refuses a folder whose study or options differ (``StudyManifest``).
/// A run that diverges (``StudyDivergence``) is recorded as such and the study goes on; any
/// other error stops it (runs under way finish and keep their records).
/// With a ``StudyShard`` only that part of the grid runs and only records are written;
/// ``merge(_:into:json:output:log:)`` builds the results from the records of every shard.
/// Results are built from the records alone, so a merge gives the same bytes as one process.
public struct StudyRunner: Sendable {
  public var registry: Registry
  public init(registry: Registry) { self.registry = registry }

  /// The outcome: the records (of the shard when sharded), the summary table's text, the
  /// study's extra lines, and the ids of grid runs without a record (merge, shard).
  public struct Outcome: Sendable {
    public var records: [StudyRecord]
    public var table: String
    public var extraLines: [String]
    public var missingRuns: [String]
    /// Runs executed by this call, and runs whose record already existed.
    public var executedRuns: Int
    public var reusedRuns: Int
  }

  /// Runs `study` with `seedCount` seeds (0, 1, …) into `outputDirectory`.
  ///
  /// - Parameters:
  ///   - settings: the study's resolved options as text (kept in `study.json` and in every
  ///     record; a re-run with other settings is refused; `ebm study merge` rebuilds the study
  ///     from them).
  ///   - shard: run only this part of the grid and write only its records.
  ///   - json: print one JSON object per record on standard output (and nothing else there).
  ///   - output: where lines for standard output go (tests capture them).
  ///   - jobs: runs trained at the same time (each run is seeded on its own, so the records
  ///     are the same for any value; `train_seconds` then include the runs' contention for
  ///     the cores). The most expensive runs (``StudyRun/relativeCost``) start first; records,
  ///     JSON lines and tables keep the order of ``Study/runs(seeds:)``.
  ///   - log: plain progress lines (standard error).
  ///   - terminal: raw writer to a terminal for the live progress display (nil: plain lines).
  public func run(
    _ study: any Study, name: String, settings: [String: String] = [:], seedCount: Int? = nil,
    outputDirectory: URL, shard: StudyShard? = nil, json: Bool = false, drawPictures: Bool = true, jobs: Int = 1,
    output: @escaping @Sendable (String) -> Void = { print($0) },
    log: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) },
    terminal: (@Sendable (String) -> Void)? = nil
  ) throws -> Outcome {
    let seeds = (0..<(seedCount ?? study.defaultSeedCount)).map(UInt64.init)
    guard !seeds.isEmpty else { throw EBMError.invalid("--seeds must be at least 1") }
    guard jobs >= 1 else { throw EBMError.invalid("--jobs must be at least 1") }
    let records = outputDirectory.appendingPathComponent(StudyRecordFile.directoryName)
    do {
      try FileManager.default.createDirectory(at: records, withIntermediateDirectories: true)
    } catch {
      throw EBMError.invalidFile(path: outputDirectory.path, reason: "cannot create the output folder (\(error.localizedDescription))")
    }
    // Temporary files of a study killed mid-write (records, results) are never worth keeping.
    for folder in [outputDirectory, records] {
      for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where AtomicFile.isTemporary(name) {
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
      }
    }
    var manifest = StudyManifest(study: name, settings: settings, seeds: seeds.count)
    if let existing = try StudyManifest.read(in: outputDirectory) {
      try manifest.checkCompatible(with: existing, what: "the folder \(outputDirectory.path)")
      manifest.seeds = max(existing.seeds, seeds.count)
    }
    try manifest.write(in: outputDirectory)

    let runs = study.runs(seeds: seeds)
    Self.checkUniqueIDs(runs, study: name)
    let mine = shard?.runIndices(costs: runs.map(\.relativeCost)) ?? Array(runs.indices)
    var rows: [Int: [StudyRecord]] = [:]
    for i in mine {
      if let file = try StudyRecordFile.read(id: runs[i].id, in: outputDirectory) {
        try file.checkMatches(manifest, in: outputDirectory)
        rows[i] = file.records
      }
    }
    let pending = mine.filter { rows[$0] == nil }
    let reused = mine.count - pending.count
    let progress = StudyProgress(
      study: name, runs: pending.map { (Self.label(runs[$0]), runs[$0].relativeCost) }, log: log, terminal: terminal)
    if reused > 0 { progress.log("\(name): \(reused) of \(mine.count) runs already have a record in \(records.path); skipped") }
    let shared = StudyContext(registry: registry, outputDirectory: outputDirectory, drawPictures: drawPictures, log: progress.log)
    let execute: @Sendable (Int) throws -> [StudyRecord] = { slot in
      let run = runs[pending[slot]]
      let started = Date()
      progress.start(slot)
      let context = shared.forRun { progress.event(slot, $0) }
      var produced: [StudyRecord]
      var divergence: StudyDivergence?
      do {
        produced = try study.execute(run, context: context)
      } catch {
        // A diverged run is a result of the comparison: recorded, and the study goes on.
        guard let diverged = StudyDivergence(error) else {
          progress.fail(slot)
          throw error
        }
        divergence = diverged
        produced = [StudyRecord(labels: run.labels, seed: run.seed, metrics: [], divergence: diverged)]
        progress.log("\(Self.label(run)): \(diverged.summary); recorded, the study goes on")
      }
      let file = StudyRecordFile(
        run: run, study: name, settings: settings, rows: produced, diverged: divergence, started: started, finished: Date())
      try file.write(in: outputDirectory)
      progress.finish(slot)
      return file.records
    }
    if jobs == 1 || pending.count < 2 {
      for slot in pending.indices { rows[pending[slot]] = try execute(slot) }
    } else {
      let results = ConcurrentRuns(costs: pending.map { runs[$0].relativeCost })
      DispatchQueue.concurrentPerform(iterations: min(jobs, pending.count)) { _ in
        while let slot = results.next() { results.finish(slot, Result { try execute(slot) }) }
      }
      // After a failure the runs not yet started stay nil; the first failure in study order is thrown.
      for (slot, result) in results.results.enumerated() {
        if let result { rows[pending[slot]] = try result.get() }
      }
    }
    progress.close()

    let collected = mine.flatMap { rows[$0] ?? [] }
    if json { for row in collected { output(StudyRunner.jsonLine(row)) } }
    if let shard {
      let table = StudyRunner.summaryTable(collected, keys: study.summaryKeys, metrics: study.summaryMetrics)
      if !json { output(table) }
      let missing = runs.filter { !FileManager.default.fileExists(atPath: StudyRecordFile.url(id: $0.id, in: outputDirectory).path) }
      log(
        "\(name) shard \(shard): \(mine.count) runs done (\(reused) reused); "
          + (missing.isEmpty
            ? "every run of the grid has a record: 'ebm study merge \(outputDirectory.path)' builds the results"
            : "\(missing.count) runs of the grid have no record yet (other shards)"))
      return Outcome(
        records: collected, table: table, extraLines: [], missingRuns: missing.map(\.id), executedRuns: pending.count,
        reusedRuns: reused)
    }
    var outcome = try publish(
      study, manifest: manifest, runs: runs, records: rows, into: outputDirectory, context: shared, json: json, output: output)
    outcome.executedRuns = pending.count
    outcome.reusedRuns = reused
    return outcome
  }

  /// Builds the results of a study from the records in `directories` (the output folders of
  /// its shards, or of interrupted runs) into `outputDirectory`: the same table,
  /// `results.json`/`.csv`, figures and report as a one-process run. Runs of the grid without
  /// a record are listed in ``Outcome/missingRuns`` (and the results cover the others).
  public func merge(
    _ directories: [URL], into outputDirectory: URL, json: Bool = false,
    output: @escaping @Sendable (String) -> Void = { print($0) },
    log: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
  ) throws -> Outcome {
    guard !directories.isEmpty else { throw EBMError.invalid("ebm study merge needs at least one study folder") }
    var manifest: StudyManifest?
    for directory in directories {
      guard let found = try StudyManifest.read(in: directory) else {
        throw EBMError.invalidFile(
          path: directory.appendingPathComponent(StudyManifest.fileName).path,
          reason: "does not exist; give the output folders of 'ebm study NAME --out DIR'")
      }
      if let first = manifest {
        try first.checkCompatible(with: found, what: "the folder \(directory.path)")
        manifest?.seeds = max(first.seeds, found.seeds)
      } else {
        manifest = found
      }
    }
    let merged = manifest!
    let descriptor = try registry.studies.descriptor(merged.study)
    let options = try descriptor.resolveOptions(merged.settings.mapValues { OptionValue.string($0) })
    let study = try descriptor.make(options, ComponentContext())
    let runs = study.runs(seeds: (0..<merged.seeds).map(UInt64.init))
    Self.checkUniqueIDs(runs, study: merged.study)
    do {
      try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
    } catch {
      throw EBMError.invalidFile(path: outputDirectory.path, reason: "cannot create the output folder (\(error.localizedDescription))")
    }
    var rows: [Int: [StudyRecord]] = [:]
    for (i, run) in runs.enumerated() {
      for directory in directories {
        if let file = try StudyRecordFile.read(id: run.id, in: directory) {
          try file.checkMatches(merged, in: directory)
          rows[i] = file.records
          break
        }
      }
    }
    let sameFolder = directories.map(\.standardizedFileURL.path).contains(outputDirectory.standardizedFileURL.path)
    if !sameFolder {
      try merged.write(in: outputDirectory)
      try StudyFiles.copyPictures(from: directories, to: outputDirectory)
    }
    let context = StudyContext(registry: registry, outputDirectory: outputDirectory, drawPictures: true, log: log)
    let outcome = try publish(
      study, manifest: merged, runs: runs, records: rows, into: outputDirectory, context: context, json: json, output: output)
    log("\(merged.study): merged \(runs.count - outcome.missingRuns.count) of \(runs.count) runs from \(directories.count) folders")
    if !outcome.missingRuns.isEmpty {
      log("missing \(outcome.missingRuns.count) runs (no record in any folder): \(outcome.missingRuns.joined(separator: ", "))")
    }
    return outcome
  }

  /// Table, extra lines, files, figures and report from the records of `runs` (study order).
  func publish(
    _ study: any Study, manifest: StudyManifest, runs: [StudyRun], records byRun: [Int: [StudyRecord]], into directory: URL,
    context: StudyContext, json: Bool, output: @Sendable (String) -> Void
  ) throws -> Outcome {
    let records = runs.indices.flatMap { byRun[$0] ?? [] }
    let missing = runs.indices.filter { byRun[$0] == nil }.map { runs[$0].id }
    // The study's own lines and figures see the finished runs; the table counts the diverged.
    let finished = records.filter { $0.divergence == nil }
    var extra = try study.finish(finished, context: context)
    let diverged = runs.indices.filter { byRun[$0]?.first?.divergence != nil }
    if !diverged.isEmpty {
      extra.append(
        "diverged runs (a result, kept in their records; delete a record to run it again): "
          + diverged.map { "\(Self.label(runs[$0])) \(byRun[$0]![0].divergence!.summary)" }.joined(separator: "; "))
    }
    let tableRows = StudyRunner.summaryRows(records, keys: study.summaryKeys, metrics: study.summaryMetrics)
    let table = StudyRunner.formatTable(tableRows)
    if !json {
      output(table)
      for line in extra { output(line) }
    }
    try StudyFiles.writeAtomically(StudyRunner.jsonDocument(records), to: directory.appendingPathComponent("results.json"))
    try StudyFiles.writeAtomically(StudyRunner.csv(records), to: directory.appendingPathComponent("results.csv"))
    try StudyFiles.writeAtomically(
      table + "\n" + extra.joined(separator: "\n") + "\n", to: directory.appendingPathComponent("summary.txt"))
    let figures = study.figures(finished)
    for figure in figures {
      try StudyFiles.writeAtomically(figure.svg, to: directory.appendingPathComponent("\(figure.name).svg"))
    }
    let report = StudyReport(
      manifest: manifest, table: tableRows, extraLines: extra, figures: figures, runs: runs, missingRuns: missing,
      directory: directory)
    try StudyFiles.writeAtomically(try report.html(), to: directory.appendingPathComponent("report.html"))
    return Outcome(records: records, table: table, extraLines: extra, missingRuns: missing, executedRuns: 0, reusedRuns: 0)
  }

  /// Throws when `directory` holds the output of another study or of other options (checked
  /// by ``run(_:name:settings:seedCount:outputDirectory:shard:json:drawPictures:jobs:output:log:terminal:)``
  /// too; the CLI calls it first so that the refusal is an input error).
  public static func checkFolder(_ directory: URL, study: String, settings: [String: String]) throws {
    guard let existing = try StudyManifest.read(in: directory) else { return }
    try StudyManifest(study: study, settings: settings, seeds: 0).checkCompatible(with: existing, what: "the folder \(directory.path)")
  }

  static func checkUniqueIDs(_ runs: [StudyRun], study: String) {
    var seen = Set<String>()
    for run in runs {
      precondition(seen.insert(run.id).inserted, "study \(study) lists run \(run.id) twice; its runs need distinct labels")
    }
  }

  static func label(_ run: StudyRun) -> String {
    run.labels.map(\.value).joined(separator: " ") + " seed \(run.seed)"
  }
}
