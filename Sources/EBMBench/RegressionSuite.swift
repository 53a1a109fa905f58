import EBM
import EBMProtocols
import Foundation
import Tensors

/// `ebm-bench regression`: ms per training step (proposals or Langevin chains, loss, parameter
/// gradients and an Adam update, as ``Trainer`` runs it for `ebm train`) of the seven methods of
/// Gustafsson et al. (BMVC 2020) on the paper's ToyNet with the 1-D regression study's settings
/// (dataset 1): batch 32, M = 1024 proposals / noisy copies / chains, components built by name
/// from the registry. The same seven steps in PyTorch eager and JAX jit are timed in the same run
/// by `Benchmarks/regression_reference.py`; `ratio_to_<framework>` is the reference's ms / ours
/// (above 1: we are faster). The allocator is tuned first (``AllocatorTuning``), as an
/// executable running EBM training should.
struct RegressionSuite: BenchmarkSuite {
  let name = "regression"
  let summary = "ms per training step of the 7 regression methods on ToyNet (batch 32, M = 1024) vs PyTorch, JAX"

  /// One benchmarked method: its name in the reference script, objective and sampler.
  struct Method {
    var objective: ComponentReference
    var sampler: ComponentReference?
    var name: String { objective.name }
  }

  /// The study's settings (Regression1DTask, dataset 1): NCE proposals σ = 0.1, 0.8; IS
  /// proposals σ = 0.2, 1.6; ML-MCMC λ = 0.05 (L = 16, M = 1024 by default); DSM σ = 0.2.
  static let methods: [Method] = {
    let nceProposal = ComponentReference("gmm", options: ["stds": .doubleList([0.1, 0.8])])
    let isProposal = ComponentReference("gmm", options: ["stds": .doubleList([0.2, 1.6])])
    return [
      Method(objective: ComponentReference("nce+"), sampler: nceProposal),
      Method(objective: ComponentReference("nce"), sampler: nceProposal),
      Method(objective: ComponentReference("ml-is"), sampler: isProposal),
      Method(objective: ComponentReference("kld-is"), sampler: isProposal),
      Method(objective: ComponentReference("ml-mcmc", options: ["lambda": .double(0.05)]), sampler: nil),
      Method(objective: ComponentReference("sm"), sampler: nil),
      Method(objective: ComponentReference("dsm", options: ["sigma": .double(0.2)]), sampler: nil),
    ]
  }()

  static let batchSize = 32
  static let threads = 2

  /// The part to run (``BenchmarkSelection``): all seven methods and the references by default.
  var selection = BenchmarkSelection()

  func selecting(_ selection: BenchmarkSelection) throws -> any BenchmarkSuite {
    let known = Self.methods.map(\.name)
    if let unknown = selection.only?.first(where: { !known.contains($0) }) {
      throw ReferenceError("regression has no method '\(unknown)'; known: \(known.joined(separator: ", "))")
    }
    return RegressionSuite(selection: selection)
  }

  /// The methods the selection names, in the table's order.
  var selectedMethods: [Method] { Self.methods.filter { selection.only?.contains($0.name) ?? true } }

  func run(report: (BenchmarkRecord) -> Void, note: (String) -> Void) {
    // The references first, so that ours and theirs see the same machine load as closely as a
    // sequential run allows.
    var reference: [String: [String: Double]] = [:]  // method -> framework -> ms
    do {
      guard selection.reference else { throw ReferenceError("--no-reference") }
      let objects = try ReferenceScript.run(
        "Benchmarks/regression_reference.py",
        arguments: [
          "--methods", selectedMethods.map(\.name).joined(separator: ","), "--threads", String(Self.threads),
          "--budget", "2", "--rounds", "3",
        ],
        threads: Self.threads)
      for object in objects {
        guard let benchmark = object["benchmark"] as? String, let framework = object["framework"] as? String,
          let ms = (object["ms_per_step"] as? NSNumber)?.doubleValue
        else { continue }
        let method = String(benchmark.dropFirst("regression/".count))
        reference[method, default: [:]][framework] = ms
        var figures: [(name: String, value: Double)] = [("ms_per_step", ms)]
        if let median = (object["median_ms_per_step"] as? NSNumber)?.doubleValue {
          figures.append(("median_ms_per_step", median))
        }
        report(BenchmarkRecord(
          benchmark: "\(framework) \(method)", shape: "toynet batch \(Self.batchSize) M 1024", threads: Self.threads,
          figures: figures))
      }
    } catch {
      note("PyTorch / JAX reference skipped: \(error)")
    }
    if AllocatorTuning.keepLargeBlocksInHeap() {
      note("allocator tuned: large blocks kept in the heap (AllocatorTuning)")
    }
    for method in selectedMethods {
      do {
        let seconds = try Self.secondsPerStep(method)
        let ms = seconds * 1000
        var figures: [(name: String, value: Double)] = [("ms_per_step", ms)]
        for (framework, label) in [("jax-jit", "ratio_to_jax"), ("pytorch-eager", "ratio_to_pytorch")] {
          if let theirs = reference[method.name]?[framework] { figures.append((label, theirs / ms)) }
        }
        report(BenchmarkRecord(
          benchmark: method.name, shape: "toynet batch \(Self.batchSize) M 1024", threads: Gemm.defaultThreads,
          figures: figures))
      } catch {
        note("\(method.name): \(error)")
      }
    }
  }

  /// Best seconds of one training step of `method`, the step ``Trainer`` takes.
  static func secondsPerStep(_ method: Method) throws -> Double {
    let registry = Registry.standard()
    let context = ComponentContext(energyKind: .conditional(inputShape: [1], outputDimension: 1))
    let energy = try registry.architectures.make(ComponentReference("toynet"), context: context)
    var objective = try registry.objectives.make(method.objective, context: context)
    var sampler = try method.sampler.map { try registry.samplers.make($0, context: context) }
    var rng = RandomGenerator(seed: 7)
    var parameters = energy.initialParameters(using: &rng)
    let x = Tensor.uniform([batchSize, 1], low: -3, high: 3, using: &rng)
    let y = Tensor.normal([batchSize, 1], using: &rng)
    var optimizer = try Adam(learningRate: 1e-3)
    let names = parameters.keys.sorted()
    var step = 0
    var failure: Error?
    // ML-MCMC's step is ~15 times the others': fewer runs.
    let runs = method.name == "ml-mcmc" ? 5 : 20
    let seconds = Stopwatch.best(warmup: 2, minimumRuns: runs, budget: 3) {
      do {
        let leaves = parameters.requiringGradients()
        var lossContext = LossContext(
          energy: energy, parameters: leaves, batch: Batch(x: x, y: y), sampler: sampler,
          rng: rng.forked(stream: UInt64(step)), step: step)
        let loss = try withGradients { try objective.loss(&lossContext) }
        sampler = lossContext.sampler
        guard loss.scalar.isFinite else { throw EBMError.nonFiniteLoss(step: step, lastFiniteLoss: nil) }
        let grads = gradients(of: loss, at: names.map { leaves[$0]! })
        var set: ParameterSet = [:]
        for (key, g) in zip(names, grads) { set[key] = g }
        optimizer.update(&parameters, along: set)
        step += 1
      } catch {
        failure = error
      }
    }
    if let failure { throw failure }
    return seconds
  }
}
