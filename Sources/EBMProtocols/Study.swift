import Foundation

/// A study: a grid of pipelines (methods × data sets × seeds) and how each cell is run and
/// summarised. One ``StudyRunner`` serves every study (seeds, output folders, progress,
/// `--json`, the mean ± std table, JSON/CSV files), so a study is a small declaration.
/// Studies are registered by name like the other components (`ebm study NAME`).
public protocol Study: Sendable {
  /// Seeds used when the user gives none.
  var defaultSeedCount: Int { get }
  /// Label keys that identify a row of the summary table (e.g. `["method", "dataset"]`).
  var summaryKeys: [String] { get }
  /// Metrics shown in the summary table, in order.
  var summaryMetrics: [String] { get }
  /// The grid for the given seeds.
  func runs(seeds: [UInt64]) -> [StudyRun]
  /// Runs one cell and returns its rows.
  func execute(_ run: StudyRun, context: StudyContext) throws -> [StudyRecord]
  /// After all runs: pictures or extra tables over all records; returns lines to print.
  func finish(_ records: [StudyRecord], context: StudyContext) throws -> [String]
  /// Figures over all records (from their metrics and ``StudyRecord/series``), drawn the same
  /// after a one-process run and after `ebm study merge`.
  func figures(_ records: [StudyRecord]) -> [StudyFigure]
}

extension Study {
  /// Default: nothing beyond the summary table.
  public func finish(_ records: [StudyRecord], context: StudyContext) throws -> [String] { [] }
  /// Default: no study-level figures.
  public func figures(_ records: [StudyRecord]) -> [StudyFigure] { [] }
}
