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
  /// The suite restricted to `selection`; throws a one-line error when the suite cannot honour
  /// it (an unknown measurement name, or a suite without selectable parts).
  func selecting(_ selection: BenchmarkSelection) throws -> any BenchmarkSuite
}

extension BenchmarkSuite {
  /// Default: the suite runs whole, so only the empty selection is accepted (a suite that can do
  /// better, like `regression`, overrides this).
  func selecting(_ selection: BenchmarkSelection) throws -> any BenchmarkSuite {
    guard selection.isEverything else {
      throw ReferenceError("suite '\(name)' does not take --only or --no-reference; run it whole")
    }
    return self
  }
}
