import EBMProtocols
import Foundation

/// One measurement printed by `ebm-bench`: what was measured, on what shape and how many
/// threads, and its figures (e.g. `gflops`, `ns_per_element`, `max_ulp_error`), in order.
///
/// With `--json` each record is printed as one JSON object per line:
/// `{"benchmark": "sgemm", "shape": "1024x1024 * 1024x1024", "threads": 1, "gflops": 101.2}`.
struct BenchmarkRecord {
  /// What was measured, e.g. `sgemm`, `numpy-sgemm`, `exp`.
  var benchmark: String
  /// The problem shape, e.g. `1024x1024 * 1024x1024` or `1048576`.
  var shape: String
  /// Threads used by the measured code.
  var threads: Int
  /// Named figures in print order; a non-finite value prints as JSON `null`.
  var figures: [(name: String, value: Double)]

  /// Creates a record.
  init(benchmark: String, shape: String, threads: Int, figures: [(name: String, value: Double)]) {
    self.benchmark = benchmark
    self.shape = shape
    self.threads = threads
    self.figures = figures
  }

  /// The value of the named figure, if present.
  func figure(_ name: String) -> Double? {
    figures.first { $0.name == name }?.value
  }

  /// The record as a one-line JSON object, keys in a fixed order.
  var jsonLine: String {
    var parts = [
      "\"benchmark\": \(JSONString.quoted(benchmark))",
      "\"shape\": \(JSONString.quoted(shape))",
      "\"threads\": \(threads)",
    ]
    for (name, value) in figures {
      parts.append("\(JSONString.quoted(name)): \(value.isFinite ? Self.number(value) : "null")")
    }
    return "{" + parts.joined(separator: ", ") + "}"
  }

  /// A number with at most 4 decimals, trailing zeros dropped.
  static func number(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    var text = String(format: "%.4f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }

}
