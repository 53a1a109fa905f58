/// A named evaluation figure with its direction; `value == nil` means "not applicable"
/// (e.g. mode coverage for data without modes).
public struct Metric: Sendable, Equatable {
  public var name: String
  public var value: Double?
  public var direction: MetricDirection

  public init(_ name: String, _ value: Double?, _ direction: MetricDirection) {
    self.name = name
    self.value = value
    self.direction = direction
  }
}
