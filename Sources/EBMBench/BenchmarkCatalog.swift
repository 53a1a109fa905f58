/// The suites `ebm-bench` knows, in the order `ebm-bench list` shows them.
enum BenchmarkCatalog {
  /// Every registered suite; add new suites here.
  static let suites: [any BenchmarkSuite] = [
    GemmSuite(),
    MathSuite(),
    RegressionSuite(),
    TrainingLoopSuite(),
    LangevinSuite(),
    ConvSuite(),
    BoxRefinementSuite(),
    ImagesSuite(),
  ]

  /// The suite with the given command-line name.
  static func suite(named name: String) -> (any BenchmarkSuite)? {
    suites.first { $0.name == name }
  }
}
