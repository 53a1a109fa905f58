/// One row of a study's results: labels, seed and metrics (a run may give several rows, e.g.
/// one per OOD test set).
public struct StudyRecord: Sendable {
  public var labels: [StudyRun.Label]
  public var seed: UInt64
  public var metrics: [Metric]

  public init(labels: [StudyRun.Label], seed: UInt64, metrics: [Metric]) {
    self.labels = labels
    self.seed = seed
    self.metrics = metrics
  }

  /// The value of a metric, if present and applicable.
  public func value(_ name: String) -> Double? { metrics.first { $0.name == name }?.value ?? nil }

  /// The value of a label.
  public func label(_ key: String) -> String? { labels.first { $0.key == key }?.value }
}
