import Architectures
import EBMProtocols
import Foundation
import Samplers
import Tensors

/// `ebm-bench boxes`: ms per box refinement with the box energies at their default sizes (S = 64,
/// C = 32, MLP 128), T = 10 steps with backtracking (`gradient-ascent`, as `tracking-photos` and
/// `detection-photos` refine), through the public inference on a ``TrainedEnergy`` (the path the
/// studies run): one tracking frame (`box-energy-modulated`, 1 crop pair, the coarse box and 9
/// jittered starts, best 3 averaged) and one detection batch (`box-energy`, 32 crops, one start
/// each). Beside it, the same refinement with the energy evaluated whole at every step (the CNN
/// twice per step: `whole_ms`, what refinement cost before ``ConditionableEnergy``), and PyTorch
/// (eager, CPU, 2 threads: the CNN once under no_grad, autograd for the boxes' gradient, the same
/// closed-form PrRoI pooling) measured in the same run by `Benchmarks/box_refinement_reference.py`
/// (`ratio_to_pytorch` = PyTorch's ms / ours: above 1 is faster).
struct BoxRefinementSuite: BenchmarkSuite {
  let name = "boxes"
  let summary = "ms per box refinement (10 steps): a tracking frame (10 starts) and 32 detection crops, vs PyTorch"

  /// One refinement to time.
  struct Case {
    var name: String
    var batch: Int
    var modulated: Bool
    var starts: Int

    /// As written in records; must match `shape_name` of the reference script.
    var shape: String {
      "\(name): \(batch) crop\(batch > 1 ? "s" : "") \(modulated ? 6 : 3)x64x64, \(starts) starts, \(BoxRefinementSuite.steps) steps"
    }
  }

  static let cases = [
    Case(name: "tracking frame", batch: 1, modulated: true, starts: 10),
    Case(name: "detection batch", batch: 32, modulated: false, starts: 1),
  ]
  static let steps = 10
  static let threads = 2

  func run(report: (BenchmarkRecord) -> Void, note: (String) -> Void) {
    var reference: [String: Double] = [:]
    do {
      for object in try ReferenceScript.run("Benchmarks/box_refinement_reference.py", arguments: ["--threads", String(Self.threads)]) {
        guard let shape = object["shape"] as? String, let ms = (object["ms"] as? NSNumber)?.doubleValue else { continue }
        reference[shape] = ms
        report(BenchmarkRecord(benchmark: "pytorch-box-refinement", shape: shape, threads: Self.threads, figures: [("ms", ms)]))
      }
    } catch {
      note("PyTorch reference skipped: \(error)")
    }
    for item in Self.cases {
      let energy = BoxEnergy(modulated: item.modulated)
      var rng = RandomGenerator(seed: 21)
      let parameters = energy.initialParameters(using: &rng)
      let x = Tensor.uniform([item.batch, item.modulated ? 6 : 3, 64, 64], low: 0, high: 1, using: &rng)
      let logR = Float(log(32.0))
      let initial = Tensor(
        shape: [item.batch, item.starts, 4],
        scalars: (0..<(item.batch * item.starts)).flatMap { _ in
          [1, 1, logR, logR].map { $0 + 0.1 * rng.nextNormal() }
        })
      let inference = GradientAscentInference(
        steps: Self.steps, stepLengths: [1e-4, 1e-4, 4e-4, 4e-4], decay: 0.5, averagedStarts: min(3, item.starts))
      func milliseconds(_ model: TrainedEnergy) -> Double {
        var generator = RandomGenerator(seed: 0)
        return 1000 * Stopwatch.best(warmup: 2, minimumRuns: 5, budget: 2) {
          _ = try? inference.infer(model, x: x, initial: initial, using: &generator)
        }
      }
      // One refinement outside the stopwatch, so that a failing one is reported, not timed.
      var check = RandomGenerator(seed: 0)
      do {
        _ = try inference.infer(TrainedEnergy(energy: energy, parameters: parameters), x: x, initial: initial, using: &check)
      } catch {
        note("box refinement, \(item.shape): \(error)")
        continue
      }
      let ms = milliseconds(TrainedEnergy(energy: energy, parameters: parameters))
      let whole = milliseconds(TrainedEnergy(energy: WholeBoxEnergy(base: energy), parameters: parameters))
      var figures: [(name: String, value: Double)] = [("ms", ms), ("whole_ms", whole)]
      if let theirs = reference[item.shape] { figures.append(("ratio_to_pytorch", theirs / ms)) }
      report(BenchmarkRecord(benchmark: "box-refinement", shape: item.shape, threads: Gemm.defaultThreads, figures: figures))
    }
  }
}

/// The box energy evaluated whole at every call (not a ``ConditionableEnergy``): the cost of
/// refinement without conditioning.
private struct WholeBoxEnergy: EnergyFunction {
  var base: BoxEnergy
  var kind: EnergyKind { base.kind }
  func initialParameters(using rng: inout RandomGenerator) -> ParameterSet { base.initialParameters(using: &rng) }
  func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor { base.energy(x: x, y: y, parameters: parameters) }
}
