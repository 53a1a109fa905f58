/// `ebm-bench regression`: ms per NCE+ / DSM training step on the paper's ToyNet.
struct RegressionSuite: BenchmarkSuite {
  let name = "regression"
  let summary = "ms per NCE+ / DSM training step on the paper's ToyNet"

  func run(report: (BenchmarkRecord) -> Void, note: (String) -> Void) {
    note("the regression suite is not written yet")
  }
}
