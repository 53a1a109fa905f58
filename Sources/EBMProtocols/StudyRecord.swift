/// One row of a study's results: labels, seed and metrics (a run may give several rows, e.g.
/// one per OOD test set), and optional figure data.
public struct StudyRecord: Sendable {
  public var labels: [StudyRun.Label]
  public var seed: UInt64
  public var metrics: [Metric]
  /// Numbers the study's figures are drawn from (``Study/figures(_:)``), e.g. a density on a
  /// grid or an ROC curve. Kept in the run's record file, so `ebm study merge` draws the same
  /// figures as a one-process run; not part of `results.json`/`.csv`.
  public var series: [String: [Double]]

  public init(labels: [StudyRun.Label], seed: UInt64, metrics: [Metric], series: [String: [Double]] = [:]) {
    self.labels = labels
    self.seed = seed
    self.metrics = metrics
    self.series = series
  }

  /// The value of a metric, if present and applicable.
  public func value(_ name: String) -> Double? { metrics.first { $0.name == name }?.value ?? nil }

  /// The value of a label.
  public func label(_ key: String) -> String? { labels.first { $0.key == key }?.value }
}
