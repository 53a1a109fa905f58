/// A named group of measurements that `ebm-bench <name>` runs.
///
/// To add a suite, write a type conforming to this protocol in its own file and list it in
/// ``BenchmarkCatalog/suites``.
protocol BenchmarkSuite: Sendable {
  /// The command-line name, lowercase with hyphens (e.g. `gemm`).
  var name: String { get }
  /// One line for `ebm-bench list`.
  var summary: String { get }
  /// Runs the measurements, handing each record to `report` as soon as it is known and each
  /// remark (e.g. a skipped reference measurement) to `note`.
  func run(report: (BenchmarkRecord) -> Void, note: (String) -> Void)
}
