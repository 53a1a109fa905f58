/// One row of a study's results: labels, seed and metrics (a run may give several rows, e.g.
/// one per OOD test set), and optional figure data; or the row of a run that diverged.
public struct StudyRecord: Sendable {
  public var labels: [StudyRun.Label]
  public var seed: UInt64
  public var metrics: [Metric]
  /// Numbers the study's figures are drawn from (``Study/figures(_:)``), e.g. a density on a
  /// grid or an ROC curve. Kept in the run's record file, so `ebm study merge` draws the same
  /// figures as a one-process run; not part of `results.json`/`.csv`.
  public var series: [String: [Double]]
  /// Set when the run diverged (its record then has this one row, with the run's labels and
  /// no metrics); the summary counts it and leaves it out of the statistics.
  public var divergence: StudyDivergence?

  public init(
    labels: [StudyRun.Label], seed: UInt64, metrics: [Metric], series: [String: [Double]] = [:],
    divergence: StudyDivergence? = nil
  ) {
    self.labels = labels
    self.seed = seed
    self.metrics = metrics
    self.series = series
    self.divergence = divergence
  }

  /// The value of a metric, if present and applicable.
  public func value(_ name: String) -> Double? { metrics.first { $0.name == name }?.value ?? nil }

  /// The value of a label.
  public func label(_ key: String) -> String? { labels.first { $0.key == key }?.value }
}
