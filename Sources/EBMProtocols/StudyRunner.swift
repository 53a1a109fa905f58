import Foundation

/// Runs any ``Study``: every cell of its grid for the requested seeds, progress on standard
/// error, one JSON object per record on standard output with `--json`, the summary table
/// (mean ± std over seeds), and `results.json` / `results.csv` in the output folder (written
/// atomically).
public struct StudyRunner: Sendable {
  public var registry: Registry
  public init(registry: Registry) { self.registry = registry }

  /// The outcome: every record and the summary table's text.
  public struct Outcome: Sendable {
    public var records: [StudyRecord]
    public var table: String
    public var extraLines: [String]
  }

  /// Runs `study` with `seedCount` seeds (0, 1, …) into `outputDirectory`.
  ///
  /// - Parameters:
  ///   - json: print one JSON object per record on standard output (and nothing else there).
  ///   - output: where lines for standard output go (tests capture them).
  ///   - jobs: runs trained at the same time (each run is seeded on its own, so the records
  ///     are the same for any value; `train_seconds` then include the runs' contention for
  ///     the cores). The most expensive runs (``StudyRun/relativeCost``) start first; records,
  ///     JSON lines and tables keep the order of ``Study/runs(seeds:)``.
  public func run(
    _ study: any Study, name: String, seedCount: Int? = nil, outputDirectory: URL, json: Bool = false,
    drawPictures: Bool = true, jobs: Int = 1, output: @escaping @Sendable (String) -> Void = { print($0) },
    log: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
  ) throws -> Outcome {
    let seeds = (0..<(seedCount ?? study.defaultSeedCount)).map(UInt64.init)
    guard !seeds.isEmpty else { throw EBMError.invalid("--seeds must be at least 1") }
    guard jobs >= 1 else { throw EBMError.invalid("--jobs must be at least 1") }
    do {
      try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
    } catch {
      throw EBMError.invalidFile(path: outputDirectory.path, reason: "cannot create the output folder (\(error.localizedDescription))")
    }
    let context = StudyContext(registry: registry, outputDirectory: outputDirectory, drawPictures: drawPictures, log: log)
    let runs = study.runs(seeds: seeds)
    var records: [StudyRecord] = []
    if jobs == 1 || runs.count < 2 {
      for (i, run) in runs.enumerated() {
        log("[\(i + 1)/\(runs.count)] \(name): \(StudyRunner.label(run))")
        let rows = try study.execute(run, context: context)
        for row in rows {
          if json { output(StudyRunner.jsonLine(row)) }
        }
        records += rows
      }
    } else {
      let results = ConcurrentRuns(costs: runs.map(\.relativeCost))
      DispatchQueue.concurrentPerform(iterations: min(jobs, runs.count)) { _ in
        while let i = results.next() {
          log("[\(i + 1)/\(runs.count)] \(name): \(StudyRunner.label(runs[i]))")
          results.finish(i, Result { try study.execute(runs[i], context: context) })
        }
      }
      // After a failure the runs not yet started stay nil; the first failure in study order is thrown.
      for case let result? in results.results {
        let rows = try result.get()
        for row in rows {
          if json { output(StudyRunner.jsonLine(row)) }
        }
        records += rows
      }
    }
    let extra = try study.finish(records, context: context)
    let table = StudyRunner.summaryTable(records, keys: study.summaryKeys, metrics: study.summaryMetrics)
    if !json {
      output(table)
      for line in extra { output(line) }
    }
    try writeAtomically(StudyRunner.jsonDocument(records), to: outputDirectory.appendingPathComponent("results.json"))
    try writeAtomically(StudyRunner.csv(records), to: outputDirectory.appendingPathComponent("results.csv"))
    try writeAtomically(table + "\n" + extra.joined(separator: "\n") + "\n", to: outputDirectory.appendingPathComponent("summary.txt"))
    return Outcome(records: records, table: table, extraLines: extra)
  }

  static func label(_ run: StudyRun) -> String {
    run.labels.map(\.value).joined(separator: " ") + " seed \(run.seed)"
  }

  func writeAtomically(_ text: String, to url: URL) throws {
    do {
      try Data(text.utf8).write(to: url, options: .atomic)
    } catch {
      throw EBMError.invalidFile(path: url.path, reason: "cannot be written (\(error.localizedDescription))")
    }
  }

  /// A record as one JSON object: labels, `seed`, then metrics (null where not applicable).
  public static func jsonLine(_ record: StudyRecord) -> String {
    var parts: [String] = []
    for label in record.labels { parts.append("\(quote(label.key)): \(quote(label.value))") }
    parts.append("\"seed\": \(record.seed)")
    for metric in record.metrics { parts.append("\(quote(metric.name)): \(number(metric.value))") }
    return "{" + parts.joined(separator: ", ") + "}"
  }

  static func jsonDocument(_ records: [StudyRecord]) -> String {
    "[\n" + records.map { "  " + jsonLine($0) }.joined(separator: ",\n") + "\n]\n"
  }

  static func csv(_ records: [StudyRecord]) -> String {
    var labelKeys: [String] = []
    var metricNames: [String] = []
    for r in records {
      for l in r.labels where !labelKeys.contains(l.key) { labelKeys.append(l.key) }
      for m in r.metrics where !metricNames.contains(m.name) { metricNames.append(m.name) }
    }
    var lines = [(labelKeys + ["seed"] + metricNames).joined(separator: ",")]
    for r in records {
      let labels = labelKeys.map { r.label($0) ?? "" }
      let metrics = metricNames.map { name in r.value(name).map { "\($0)" } ?? "" }
      lines.append((labels + ["\(r.seed)"] + metrics).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func quote(_ s: String) -> String {
    var out = "\""
    for c in s.unicodeScalars {
      switch c {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default:
        if c.value < 0x20 { out += String(format: "\\u%04x", c.value) } else { out.unicodeScalars.append(c) }
      }
    }
    return out + "\""
  }

  static func number(_ v: Double?) -> String {
    guard let v, v.isFinite else { return "null" }
    return "\(v)"
  }

  /// Mean ± std over seeds for each group of records with equal `keys` labels.
  public static func summaryTable(_ records: [StudyRecord], keys: [String], metrics: [String]) -> String {
    var groups: [[String]] = []
    var members: [[String]: [StudyRecord]] = [:]
    for r in records {
      let key = keys.map { r.label($0) ?? "" }
      if members[key] == nil { groups.append(key) }
      members[key, default: []].append(r)
    }
    var rows: [[String]] = [keys + metrics + ["seeds"]]
    for key in groups {
      let group = members[key]!
      var row = key
      for metric in metrics {
        let values = group.compactMap { $0.value(metric) }
        row.append(formatStatistic(values))
      }
      row.append("\(Set(group.map(\.seed)).count)")
      rows.append(row)
    }
    return formatTable(rows)
  }

  /// "m ± s" with 3 significant decimals; "—" when there is nothing.
  public static func formatStatistic(_ values: [Double]) -> String {
    guard !values.isEmpty else { return "—" }
    let mean = values.reduce(0, +) / Double(values.count)
    if values.count == 1 { return format(mean) }
    let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
    return "\(format(mean)) ± \(format(variance.squareRoot()))"
  }

  static func format(_ v: Double) -> String {
    if v != 0 && (Swift.abs(v) >= 1e5 || Swift.abs(v) < 1e-3) { return String(format: "%.3e", v) }
    return String(format: Swift.abs(v) >= 100 ? "%.1f" : "%.3f", v)
  }

  /// Aligned columns with a rule under the header.
  public static func formatTable(_ rows: [[String]]) -> String {
    guard let header = rows.first else { return "" }
    var widths = header.map(\.count)
    for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
    func line(_ row: [String]) -> String {
      row.enumerated().map { i, cell in cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
        .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
    var lines = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
    for row in rows.dropFirst() { lines.append(line(row)) }
    return lines.joined(separator: "\n")
  }
}
