/// `ebm-bench langevin`: Langevin chain-steps per second on an MLP energy.
struct LangevinSuite: BenchmarkSuite {
  let name = "langevin"
  let summary = "Langevin chain-steps per second on an MLP energy"

  func run(report: (BenchmarkRecord) -> Void, note: (String) -> Void) {
    note("the langevin suite is not written yet")
  }
}
