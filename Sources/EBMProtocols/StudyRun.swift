/// One cell of a study's grid: its labels (e.g. method and dataset, in display order) and seed.
public struct StudyRun: Sendable, Equatable {
  public var labels: [Label]
  public var seed: UInt64
  /// The run's expected training time relative to the study's other runs (1 by default).
  /// With several jobs the most expensive runs start first, so that a long run does not start
  /// last and leave the other cores idle; records keep the study's order either way.
  public var relativeCost: Double

  /// A label, e.g. ("method", "nce+").
  public struct Label: Sendable, Equatable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) {
      self.key = key
      self.value = value
    }
  }

  public init(_ labels: [Label], seed: UInt64, relativeCost: Double = 1) {
    self.labels = labels
    self.seed = seed
    self.relativeCost = relativeCost
  }

  /// A stable id naming the run's record file: `key-value` per label, then the seed, e.g.
  /// `method-nce+_dataset-2_seed-0` (characters outside `A-Z a-z 0-9 + . -` become `~`).
  public var id: String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
    func clean(_ s: String) -> String { String(s.map { allowed.contains($0) ? $0 : "~" }) }
    return (labels.map { clean($0.key) + "-" + clean($0.value) } + ["seed-\(seed)"]).joined(separator: "_")
  }

  /// The value of a label.
  public subscript(key: String) -> String? { labels.first { $0.key == key }?.value }
}
