import Dispatch
import EBM
import EBMProtocols
import Foundation
import Tensors

/// `ebm-bench train`: ms per step of `ebm train`'s loop (``Trainer`` on the `regression1d-1`
/// task's default pipeline: ToyNet, NCE+, gmm proposals, Adam, batch 32, M = 1024) beside the
/// isolated NCE+ step that `ebm-bench regression` times, in the same run.
///
/// Each is reported as best, median and mean ms per step: `ebm-bench regression` reports the
/// best step, while the `train_seconds` of `ebm train` is a sum, i.e. the mean. On a loaded
/// machine the two differ by the waiting, not by the work; the median shows which is which.
/// The loop's step time is the interval between consecutive step events (batch gathering,
/// loss, gradients, update, finiteness check and the progress call), epoch boundaries excluded.
struct TrainingLoopSuite: BenchmarkSuite {
  let name = "train"
  let summary = "ms per step of ebm train's loop (regression1d-1, NCE+) vs the isolated step of ebm-bench regression"

  static let epochs = 3

  func run(report: (BenchmarkRecord) -> Void, note: (String) -> Void) {
    if AllocatorTuning.keepLargeBlocksInHeap() {
      note("allocator tuned: large blocks kept in the heap (AllocatorTuning)")
    }
    do {
      let (isolated, isolatedCPU) = try Self.isolatedStepSeconds()
      report(Self.record("isolated nce+ step (ebm-bench regression)", isolated, cpu: isolatedCPU))
      let (loop, loopCPU, trainSeconds, steps) = try Self.trainerStepSeconds()
      var record = Self.record("ebm train loop (Trainer)", loop, cpu: loopCPU)
      record.figures.append(("train_seconds_per_step_ms", trainSeconds / Double(steps) * 1000))
      report(record)
    } catch {
      note("train: \(error)")
    }
  }

  /// CPU seconds this process has used (every thread).
  static func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
  }

  static func record(_ benchmark: String, _ seconds: [Double], cpu: Double) -> BenchmarkRecord {
    let sorted = seconds.sorted()
    let mean = seconds.reduce(0, +) / Double(max(seconds.count, 1))
    return BenchmarkRecord(
      benchmark: benchmark, shape: "toynet batch 32 M 1024", threads: KernelThreads.count,
      figures: [
        ("best_ms", (sorted.first ?? .nan) * 1000), ("median_ms", sorted[sorted.count / 2] * 1000),
        ("mean_ms", mean * 1000), ("cpu_ms", cpu / Double(max(seconds.count, 1)) * 1000), ("steps", Double(seconds.count)),
      ])
  }

  /// The default pipeline of `ebm train --task regression1d-1`.
  static func pipeline(epochs: Int) throws -> Pipeline {
    try Registry.standard().makePipeline(PipelineSpec(task: ComponentReference("regression1d-1"), epochs: epochs))
  }

  /// Per-step seconds of the step `ebm-bench regression` times (fixed batch, no loop around it).
  static func isolatedStepSeconds() throws -> (wall: [Double], cpu: Double) {
    let pipeline = try pipeline(epochs: 1)
    let data = try pipeline.makeData()
    var objective = pipeline.objective
    var sampler = pipeline.sampler
    var optimizer = pipeline.optimizer
    var rng = RandomGenerator(seed: 7)
    var parameters = pipeline.energy.initialParameters(using: &rng)
    let batch = data.train.batch(Array(0..<32))
    let names = parameters.keys.sorted()
    var times: [Double] = []
    var cpu = 0.0
    for step in 0..<(epochs * 63 + 2) {
      let start = DispatchTime.now().uptimeNanoseconds
      let startCPU = processCPUSeconds()
      let leaves = parameters.requiringGradients()
      var context = LossContext(
        energy: pipeline.energy, parameters: leaves, batch: batch, sampler: sampler, rng: rng.forked(stream: UInt64(step)),
        step: step)
      let loss = try withGradients { try objective.loss(&context) }
      sampler = context.sampler
      let grads = gradients(of: loss, at: names.map { leaves[$0]! })
      var set: ParameterSet = [:]
      for (key, g) in zip(names, grads) { set[key] = g }
      optimizer.update(&parameters, along: set)
      if step >= 2 {
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
        cpu += processCPUSeconds() - startCPU
      }
    }
    return (times, cpu)
  }

  /// Per-step seconds of ``Trainer`` (intervals between step events within an epoch), its
  /// `train_seconds` and its step count.
  static func trainerStepSeconds() throws -> (wall: [Double], cpu: Double, trainSeconds: Double, steps: Int) {
    let pipeline = try pipeline(epochs: epochs)
    let data = try pipeline.makeData()
    final class Clock: @unchecked Sendable {
      var last: UInt64?
      var lastCPU = 0.0
      var lastEpoch = -1
      var intervals: [Double] = []
      var cpu = 0.0
    }
    let clock = Clock()
    let result = try Trainer(pipeline: pipeline).train(data: data) { event in
      guard case let .step(_, epoch, _, _) = event else { return }
      let now = DispatchTime.now().uptimeNanoseconds
      let nowCPU = processCPUSeconds()
      if let last = clock.last, epoch == clock.lastEpoch {
        clock.intervals.append(Double(now - last) * 1e-9)
        clock.cpu += nowCPU - clock.lastCPU
      }
      clock.last = now
      clock.lastCPU = nowCPU
      clock.lastEpoch = epoch
    }
    return (clock.intervals, clock.cpu, result.seconds, result.steps)
  }
}
