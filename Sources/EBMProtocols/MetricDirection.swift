/// Whether a smaller or a larger value of a metric is better.
public enum MetricDirection: String, Sendable, Codable {
  case lowerIsBetter = "lower"
  case higherIsBetter = "higher"
}
