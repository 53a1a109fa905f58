import Foundation

/// `records/<id>.json`: everything one finished run of a study's grid produced — the study
/// and its options, the run's labels and seed, its result rows (metrics and figure data),
/// its timings and the versions that made it. Written atomically when the run finishes, so a
/// record either exists whole or not at all; a re-run skips runs whose record exists, and
/// `ebm study merge` builds the results from records alone.
public struct StudyRecordFile: Codable, Sendable {
  /// The run's stable id (``StudyRun/id``), also the file's name.
  public var id: String
  public var study: String
  public var settings: [String: String]
  /// The run's labels as `[key, value]` pairs, in display order.
  public var labels: [[String]]
  public var seed: UInt64
  public var rows: [Row]
  /// Set when the run diverged (``StudyDivergence``); `rows` then holds one row without
  /// metrics. Absent from the records of finished runs.
  public var diverged: StudyDivergence?
  public var timings: Timings
  public var versions: [String: String]

  /// One result row (``StudyRecord``).
  public struct Row: Codable, Sendable {
    public var labels: [[String]]
    public var seed: UInt64
    public var metrics: [MetricEntry]
    /// Figure data (``StudyRecord/series``); non-finite numbers are stored as null.
    public var series: [String: [Double?]]
  }

  /// A metric; `value` is null when not applicable or not finite.
  public struct MetricEntry: Codable, Sendable {
    public var name: String
    public var value: Double?
    public var direction: MetricDirection
  }

  /// Wall-clock facts about the run (never part of the merged results).
  public struct Timings: Codable, Sendable {
    /// Seconds from the start of the run to its record.
    public var seconds: Double
    /// ISO 8601 UTC times.
    public var started: String
    public var finished: String
    /// The host and process that ran it (for finding a shard's log).
    public var host: String
    public var process: Int32
  }

  static let directoryName = "records"

  init(
    run: StudyRun, study: String, settings: [String: String], rows: [StudyRecord], diverged: StudyDivergence? = nil,
    started: Date, finished: Date
  ) {
    self.diverged = diverged
    id = run.id
    self.study = study
    self.settings = settings
    labels = run.labels.map { [$0.key, $0.value] }
    seed = run.seed
    self.rows = rows.map { record in
      Row(
        labels: record.labels.map { [$0.key, $0.value] }, seed: record.seed,
        metrics: record.metrics.map { MetricEntry(name: $0.name, value: $0.value.flatMap { $0.isFinite ? $0 : nil }, direction: $0.direction) },
        series: record.series.mapValues { $0.map { $0.isFinite ? $0 : nil } })
    }
    let iso = ISO8601DateFormatter()
    timings = Timings(
      seconds: finished.timeIntervalSince(started), started: iso.string(from: started), finished: iso.string(from: finished),
      host: ProcessInfo.processInfo.hostName, process: ProcessInfo.processInfo.processIdentifier)
    versions = Self.versions
  }

  /// The record file format, the compiler and the operating system.
  static var versions: [String: String] {
    var swift = "unknown"
    #if swift(>=6.3)
      swift = "6.3"
    #elseif swift(>=6.2)
      swift = "6.2"
    #elseif swift(>=6.1)
      swift = "6.1"
    #elseif swift(>=6.0)
      swift = "6.0"
    #endif
    return ["record_format": "1", "swift": swift, "os": ProcessInfo.processInfo.operatingSystemVersionString]
  }

  /// The rows as records (null metric values stay nil; null series values become NaN).
  public var records: [StudyRecord] {
    rows.map { row in
      StudyRecord(
        labels: row.labels.map { StudyRun.Label($0.first ?? "", $0.count > 1 ? $0[1] : "") }, seed: row.seed,
        metrics: row.metrics.map { Metric($0.name, $0.value, $0.direction) },
        series: row.series.mapValues { $0.map { $0 ?? .nan } }, divergence: diverged)
    }
  }

  static func url(id: String, in directory: URL) -> URL {
    directory.appendingPathComponent(directoryName).appendingPathComponent("\(id).json")
  }

  /// Writes the record atomically into `directory/records/`.
  func write(in directory: URL) throws {
    try StudyFiles.writeAtomically(try StudyFiles.json(self), to: Self.url(id: id, in: directory))
  }

  /// Throws unless the record was made by the study and options of `manifest` (a record left
  /// by other options must not be mixed into these results).
  func checkMatches(_ manifest: StudyManifest, in directory: URL) throws {
    guard study != manifest.study || settings != manifest.settings else { return }
    let other = StudyManifest(study: study, settings: settings, seeds: 0)
    throw EBMError.invalid(
      Self.url(id: id, in: directory).path
        + " was made by study '\(study)' with options [\(other.settingsText)], not '\(manifest.study)' with [\(manifest.settingsText)];"
        + " help: delete it to run that cell again, or use another folder")
  }

  /// The record of run `id` in `directory`, or nil when it has none.
  static func read(id: String, in directory: URL) throws -> StudyRecordFile? {
    let url = url(id: id, in: directory)
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    do {
      return try JSONDecoder().decode(StudyRecordFile.self, from: Data(contentsOf: url))
    } catch {
      throw EBMError.invalidFile(path: url.path, reason: "is not a study record (\(error)); delete it to run that cell again")
    }
  }
}
