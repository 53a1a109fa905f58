import Architectures
import EBMProtocols
import Foundation
import Samplers
import Tensors

/// `ebm-bench langevin`: Langevin chain-steps per second on an MLP energy
/// 2 → 128 → 128 → 128 → 1 with SiLU: 10,000 chains × 100 steps of
/// x ← x − η∇E(x) + √(2η)ξ, the setting of TorchEBM's `LangevinDynamics` benchmark
/// (`Benchmarks/` holds the TorchEBM script). The fused gradient kernel is measured on 1 and
/// all threads; the autodiff path (what any energy without a hand-written gradient gets) on a
/// smaller run, for comparison.
///
/// The SGEMM-bound limit is the rate at which the chain-step FLOPs (``flopsPerChainStep``) would
/// run at the throughput of a 1024³ SGEMM measured in the same run on the same threads;
/// `fraction_of_sgemm_limit` is the share of it reached. MALA (Langevin proposal + Metropolis
/// test, so one energy and one gradient per step) and HMC (5 leapfrog steps per iteration) run on
/// the same network and chains.
struct LangevinSuite: BenchmarkSuite {
  let name = "langevin"
  let summary = "Langevin chain-steps per second on an MLP energy (10,000 chains x 100 steps)"

  static let chains = 10_000
  static let steps = 100

  /// The measurements, in the table's order.
  static let measurements = ["langevin-fused", "mala", "hmc", "langevin-autodiff"]

  /// The part to run (``BenchmarkSelection``): everything and the references by default.
  var selection = BenchmarkSelection()

  func selecting(_ selection: BenchmarkSelection) throws -> any BenchmarkSuite {
    if let unknown = selection.only?.first(where: { !Self.measurements.contains($0) }) {
      throw ReferenceError("langevin has no measurement '\(unknown)'; known: \(Self.measurements.joined(separator: ", "))")
    }
    return LangevinSuite(selection: selection)
  }

  func selected(_ measurement: String) -> Bool { selection.only?.contains(measurement) ?? true }

  func run(report: (BenchmarkRecord) -> Void, note: (String) -> Void) {
    // TorchEBM and JAX jit on the same chains, measured in the same run (`ratio_to_<framework>`:
    // ours over theirs, above 1 is faster).
    var reference: [String: Double] = [:]
    do {
      guard selection.reference else { throw ReferenceError("--no-reference") }
      for object in try ReferenceScript.run(
        "Benchmarks/langevin_reference.py",
        arguments: ["--frameworks", "torchebm,jax", "--threads", String(Gemm.defaultThreads)],
        threads: Gemm.defaultThreads)
      {
        guard let framework = object["framework"] as? String,
          let rate = (object["chain_steps_per_second"] as? NSNumber)?.doubleValue
        else { continue }
        reference[framework] = rate
        report(BenchmarkRecord(
          benchmark: "\(framework) langevin", shape: "mlp 2-128-128-128-1 silu, \(Self.chains) chains x \(Self.steps) steps",
          threads: Gemm.defaultThreads, figures: [("chain_steps_per_second", rate)]))
      }
    } catch {
      note("TorchEBM / JAX reference skipped: \(error)")
    }
    let energy = MLPEnergy(dimension: 2, width: 128, depth: 3, activation: .silu)
    var rng = RandomGenerator(seed: 0)
    let parameters = energy.initialParameters(using: &rng)
    let model = TrainedEnergy(energy: energy, parameters: parameters)
    let shape = "mlp 2-128-128-128-1 silu, \(Self.chains) chains x \(Self.steps) steps"
    for threads in Set([1, Gemm.defaultThreads]).sorted() where selected("langevin-fused") {
      let sgemm = GemmSuite.squareGFLOPS(size: 1024, threads: threads)
      var cpuSeconds = Double.infinity
      var failure: Error?
      let seconds = Stopwatch.best(warmup: 1, minimumRuns: 3, budget: 0) {
        var sampler = LangevinSampler(steps: Self.steps, stepSize: 0.01)
        var chainRNG = RandomGenerator(seed: 1)
        let cpu0 = Self.processCPUSeconds()
        do {
          _ = try sampler.sample(
            ChainRequest(model: FixedThreadsEnergy.wrap(model, threads: threads), count: Self.chains),
            using: &chainRNG)
        } catch {
          failure = error
        }
        cpuSeconds = min(cpuSeconds, Self.processCPUSeconds() - cpu0)
      }
      if let failure {
        note("langevin: sampling failed on \(threads) thread(s): \(failure)")
        return
      }
      let rate = Double(Self.chains * Self.steps) / seconds
      // On a machine shared with other work, wall time overstates the cost; the CPU time the
      // run consumed, spread over its threads, is what it would take on idle cores.
      let idleRate = Double(Self.chains * Self.steps) / (cpuSeconds / Double(threads))
      var figures: [(name: String, value: Double)] = [
        ("chain_steps_per_second", rate), ("seconds", seconds), ("gflops", rate * Self.flopsPerChainStep / 1e9),
        ("cpu_seconds", cpuSeconds), ("chain_steps_per_cpu_second_x_threads", idleRate),
        ("sgemm_1024_gflops", sgemm), ("sgemm_limit_chain_steps_per_second", sgemm * 1e9 / Self.flopsPerChainStep),
        ("fraction_of_sgemm_limit", rate * Self.flopsPerChainStep / 1e9 / sgemm),
      ]
      if threads == Gemm.defaultThreads {
        for (framework, theirs) in reference.sorted(by: { $0.key < $1.key }) {
          figures.append(("ratio_to_\(framework)", rate / theirs))
        }
      }
      report(BenchmarkRecord(benchmark: "langevin-fused", shape: shape, threads: threads, figures: figures))
    }
    // MALA and HMC through the samplers' own paths, all threads.
    let samplers: [(name: String, sampler: any DynamicsSampler, gradientsPerStep: Int)] = [
      ("mala", MALASampler(steps: Self.steps, stepSize: 0.01, initialization: .uniform(scale: 4)), 1),
      (
        "hmc",
        HMCSampler(
          steps: Self.steps / 5, leapfrogSteps: 5, stepSize: 0.01, mass: 1, metropolis: true,
          initialization: .uniform(scale: 4)), 5
      ),
    ]
    for entry in samplers where selected(entry.name) {
      let iterations = entry.name == "hmc" ? Self.steps / 5 : Self.steps
      var acceptance = 0.0
      var failure: Error?
      let seconds = Stopwatch.best(warmup: 1, minimumRuns: 3, budget: 0) {
        var sampler = entry.sampler
        var chainRNG = RandomGenerator(seed: 1)
        do {
          let result = try sampler.sample(ChainRequest(model: model, count: Self.chains), using: &chainRNG)
          acceptance = result.acceptanceRate ?? .nan
        } catch {
          failure = error
        }
      }
      if let failure {
        note("\(entry.name): sampling failed: \(failure)")
        continue
      }
      let gradientSteps = Double(Self.chains * iterations * entry.gradientsPerStep)
      report(BenchmarkRecord(
        benchmark: entry.name,
        shape: "mlp 2-128-128-128-1 silu, \(Self.chains) chains x \(iterations) iterations"
          + (entry.gradientsPerStep > 1 ? " x \(entry.gradientsPerStep) leapfrog" : ""),
        threads: Gemm.defaultThreads,
        figures: [
          ("chain_steps_per_second", Double(Self.chains * iterations) / seconds),
          ("gradient_evaluations_per_second", gradientSteps / seconds), ("seconds", seconds),
          ("acceptance", acceptance),
        ]))
    }
    // The autodiff path on 1,000 chains × 10 steps.
    guard selected("langevin-autodiff") else { return }
    let small = (chains: 1000, steps: 10)
    let seconds = Stopwatch.best(warmup: 1, minimumRuns: 3, budget: 0) {
      var y = Tensor.uniform([small.chains, 2], low: -4, high: 4, using: &rng)
      for _ in 0..<small.steps {
        let g = withGradients {
          let leaf = y.requiringGradient()
          return gradients(of: energy.energy(x: nil, y: leaf, parameters: parameters).sum(), at: [leaf])[0]
        }
        y = (y - g * 0.01 + Tensor.normal(y.shape, using: &rng) * Float(0.02.squareRoot())).detached
      }
    }
    report(BenchmarkRecord(
      benchmark: "langevin-autodiff", shape: "mlp 2-128-128-128-1 silu, \(small.chains) chains x \(small.steps) steps",
      threads: Gemm.defaultThreads,
      figures: [("chain_steps_per_second", Double(small.chains * small.steps) / seconds), ("seconds", seconds)]))
  }

  /// Multiply-adds × 2 of one forward + input-gradient pass: 2·(2·128 + 2·128²) forward,
  /// the same backward.
  /// User + system CPU time of the whole process so far.
  static func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
  }

  static let flopsPerChainStep = 4.0 * (2 * 128 + 2 * 128 * 128)
}

/// An MLP energy whose no-graph gradient runs on a fixed number of threads (for the 1-thread
/// measurement).
struct FixedThreadsEnergy: EnergyFunction {
  var base: MLPEnergy
  var threads: Int

  static func wrap(_ model: TrainedEnergy, threads: Int) -> TrainedEnergy {
    TrainedEnergy(energy: FixedThreadsEnergy(base: model.energy as! MLPEnergy, threads: threads), parameters: model.parameters)
  }

  var kind: EnergyKind { base.kind }
  func initialParameters(using rng: inout RandomGenerator) -> ParameterSet { base.initialParameters(using: &rng) }
  func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor { base.energy(x: x, y: y, parameters: parameters) }
  func energyGradient(x: Tensor?, y: Tensor, parameters: ParameterSet, createGraph: Bool) -> Tensor {
    base.fastGradient(y, parameters: parameters, threads: threads)
  }
}
