import EBMProtocols
import Foundation
import Tensors
import Testing
import _EBMTestSupport

/// Collects training events from the trainer's `@Sendable` callback.
final class EventLog: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [TrainingEvent] = []
  func append(_ event: TrainingEvent) {
    lock.lock()
    stored.append(event)
    lock.unlock()
  }
  var events: [TrainingEvent] {
    lock.lock()
    defer { lock.unlock() }
    return stored
  }
  var stepLosses: [Double] {
    events.compactMap { if case let .step(_, _, _, loss) = $0 { return loss } else { return nil } }
  }
}

@Suite struct CoreTrainerTests {
  let registry = ToyComponents.registry()

  /// Full-batch gradient descent with lr 1 on the energy loss of the quadratic line energy is
  /// least squares, whose Hessian has eigenvalues ≈ 1/3 and 1: after 60 steps the error has
  /// shrunk by (2/3)^60 ≈ 3e-11, so (w, c) must equal the closed-form least-squares fit.
  @Test func energyLossConvergesToTheLeastSquaresFit() throws {
    let pipeline = try registry.makePipeline(
      PipelineSpec(
        task: ComponentReference("toy-line"), optimizer: ComponentReference("sgd", options: ["lr": 1.0]), epochs: 60,
        batchSize: 64, seed: 3))
    let data = try pipeline.makeData()
    let log = EventLog()
    let result = try Trainer(pipeline: pipeline).train(data: data, progress: { log.append($0) })
    let x = data.train.x!.scalars.map(Double.init)
    let y = data.train.y.scalars.map(Double.init)
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n
    let my = y.reduce(0, +) / n
    let sxy = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
    let sxx = x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
    let w = sxy / sxx
    let c = my - w * mx
    #expect(Swift.abs(Double(result.model.parameters["w"]!.scalar) - w) < 1e-4)
    #expect(Swift.abs(Double(result.model.parameters["c"]!.scalar) - c) < 1e-4)
    #expect(Swift.abs(w - 2) < 0.1, "the data's slope")
    #expect(result.steps == 60)
    #expect(result.epochLosses.count == 60)
    #expect(log.stepLosses.count == 60)
    #expect(log.events.filter { if case .epoch = $0 { true } else { false } }.count == 60)
    // The final loss is the residual variance / 2 of the fit: the noise level 0.1² / 2 roughly.
    #expect(result.epochLosses.last! < 0.01)
    #expect(result.epochLosses.last! < result.epochLosses.first!)
  }

  @Test func nonFiniteLossStopsNamingTheStepAndTheLastFiniteLoss() throws {
    let pipeline = try registry.makePipeline(
      PipelineSpec(
        task: ComponentReference("toy-line"), objective: ComponentReference("toy-energy", options: ["nan-at-step": 5]),
        epochs: 3, batchSize: 16))
    let log = EventLog()
    do {
      _ = try Trainer(pipeline: pipeline).train(data: try pipeline.makeData(), progress: { log.append($0) })
      Issue.record("expected the trainer to stop")
    } catch let error as EBMError {
      let losses = log.stepLosses
      #expect(losses.count == 5, "steps 0...4 finished")
      #expect(error == .nonFiniteLoss(step: 5, lastFiniteLoss: losses.last))
      #expect(error.description.contains("at step 5; the last finite loss was \(losses.last!)"))
    }
  }

  @Test func nonFiniteLossAtTheFirstStepSaysNoFiniteLossWasSeen() throws {
    let pipeline = try registry.makePipeline(
      PipelineSpec(
        task: ComponentReference("toy-line"), objective: ComponentReference("toy-energy", options: ["nan-at-step": 0]),
        epochs: 1))
    #expect(throws: EBMError.nonFiniteLoss(step: 0, lastFiniteLoss: nil)) {
      try Trainer(pipeline: pipeline).train(data: try pipeline.makeData())
    }
    #expect(EBMError.nonFiniteLoss(step: 0, lastFiniteLoss: nil).description.contains("no finite loss was seen"))
  }

  @Test func sameSeedSameResultDifferentSeedDifferentResult() throws {
    func train(_ seed: UInt64) throws -> ParameterSet {
      let pipeline = try registry.makePipeline(
        PipelineSpec(task: ComponentReference("toy-line"), objective: ComponentReference("toy-ml-is"), epochs: 2, seed: seed))
      return try Trainer(pipeline: pipeline).train(data: try pipeline.makeData()).model.parameters
    }
    let a = try train(1)
    let b = try train(1)
    let c = try train(2)
    #expect(a["w"]!.scalars == b["w"]!.scalars)
    #expect(a["c"]!.scalars == b["c"]!.scalars)
    #expect(a["w"]!.scalars != c["w"]!.scalars)
  }
}
