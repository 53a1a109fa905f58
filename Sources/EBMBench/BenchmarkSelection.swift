/// What part of a suite to run: `ebm-bench <suite> --only a,b --no-reference`, for profiling
/// one measurement without waiting for the others or for the Python references.
struct BenchmarkSelection: Sendable, Equatable {
  /// The measurements to run by name (e.g. `dsm,ml-mcmc` of `regression`); nil: all.
  var only: [String]? = nil
  /// Run the suite's reference script (PyTorch, JAX, ...) in the same run.
  var reference = true

  /// Everything, references included: what a suite runs when nothing is selected.
  var isEverything: Bool { only == nil && reference }
}
