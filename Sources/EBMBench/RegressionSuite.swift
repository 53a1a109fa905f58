import EBM
import EBMProtocols
import Tensors

/// `ebm-bench regression`: ms per training step (loss, parameter gradients and an Adam
/// update) of NCE+ and DSM on the paper's ToyNet with the reference settings: batch 32,
/// M = 1024 proposal samples / noisy copies, components built by name from the registry.
/// The allocator is tuned first (``AllocatorTuning``), as an executable running EBM training
/// should.
struct RegressionSuite: BenchmarkSuite {
  let name = "regression"
  let summary = "ms per NCE+ / DSM training step on the paper's ToyNet (batch 32, M = 1024)"

  /// (objective, sampler) per benchmarked method.
  static let methods: [(objective: ComponentReference, sampler: ComponentReference?)] = [
    (ComponentReference("nce+"), ComponentReference("gmm", options: ["stds": .doubleList([0.1, 0.8])])),
    (ComponentReference("dsm", options: ["sigma": .double(0.2)]), nil),
  ]

  func run(report: (BenchmarkRecord) -> Void, note: (String) -> Void) {
    if AllocatorTuning.keepLargeBlocksInHeap() {
      note("allocator tuned: large blocks kept in the heap (AllocatorTuning)")
    }
    let registry = Registry.standard()
    let context = ComponentContext(energyKind: .conditional(inputShape: [1], outputDimension: 1))
    let batchSize = 32
    for method in Self.methods {
      do {
        let energy = try registry.architectures.make(ComponentReference("toynet"), context: context)
        var objective = try registry.objectives.make(method.objective, context: context)
        let sampler = try method.sampler.map { try registry.samplers.make($0, context: context) }
        var rng = RandomGenerator(seed: 7)
        var parameters = energy.initialParameters(using: &rng)
        let x = Tensor.uniform([batchSize, 1], low: -3, high: 3, using: &rng)
        let y = Tensor.normal([batchSize, 1], using: &rng)
        var optimizer = try Adam(learningRate: 1e-3)
        let names = parameters.keys.sorted()
        var step = 0
        var failure: Error?
        let seconds = Stopwatch.best(warmup: 3, minimumRuns: 20, budget: 3) {
          do {
            let leaves = parameters.requiringGradients()
            var lossContext = LossContext(
              energy: energy, parameters: leaves, batch: Batch(x: x, y: y), sampler: sampler,
              rng: rng.forked(stream: UInt64(step)), step: step)
            let loss = try withGradients { try objective.loss(&lossContext) }
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
        report(
          BenchmarkRecord(
            benchmark: method.objective.name, shape: "toynet batch \(batchSize) M 1024", threads: 2,
            figures: [("ms_per_step", seconds * 1000)]))
      } catch {
        note("\(method.objective.name): \(error)")
      }
    }
  }
}
