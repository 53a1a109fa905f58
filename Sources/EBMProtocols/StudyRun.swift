/// One cell of a study's grid: its labels (e.g. method and dataset, in display order) and seed.
public struct StudyRun: Sendable, Equatable {
  public var labels: [Label]
  public var seed: UInt64

  /// A label, e.g. ("method", "nce+").
  public struct Label: Sendable, Equatable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) {
      self.key = key
      self.value = value
    }
  }

  public init(_ labels: [Label], seed: UInt64) {
    self.labels = labels
    self.seed = seed
  }

  /// The value of a label.
  public subscript(key: String) -> String? { labels.first { $0.key == key }?.value }
}
