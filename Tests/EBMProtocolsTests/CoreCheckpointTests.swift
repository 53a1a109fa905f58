import EBMProtocols
import Foundation
import Tensors
import Testing
import _EBMTestSupport

@Suite struct CoreCheckpointTests {
  let registry = ToyComponents.registry()

  func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("core-checkpoint-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func writesAtomicallyAndReadsBackExactly() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("model.safetensors")
    let spec = PipelineSpec(task: ComponentReference("toy-line", options: ["train": 16]), epochs: 3, seed: 9)
    var checkpoint = Checkpoint(
      spec: spec, step: 7, parameters: ["w": Tensor([1.5]), "c": Tensor([-0.25])],
      optimizerState: OptimizerState(step: 7, slots: ["m/w": Tensor([0.1]), "v/w": Tensor([0.01])]),
      samplerState: ["chains": Tensor([[1, 2], [3, 4]])], objectiveState: [:], epochLosses: [0.5, 0.25])
    checkpoint.partialEpochLossSum = 1.125
    try checkpoint.write(to: url)
    checkpoint.step = 8
    try checkpoint.write(to: url)  // overwriting replaces both files whole

    let read = try Checkpoint.read(from: url)
    #expect(read.spec == spec)
    #expect(read.step == 8)
    #expect(read.parameters["w"]!.scalars == [1.5])
    #expect(read.parameters["c"]!.scalars == [-0.25])
    #expect(read.optimizerState == checkpoint.optimizerState)
    #expect(read.samplerState["chains"]!.shape == [2, 2])
    #expect(read.samplerState["chains"]!.scalars == [1, 2, 3, 4])
    #expect(read.epochLosses == [0.5, 0.25])
    #expect(read.partialEpochLossSum == 1.125)
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    #expect(files == ["model.json", "model.safetensors"], "no temporary files left behind")
  }

  @Test func weightsAndSidecarOfDifferentStepsAreRejected() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("model.safetensors")
    let older = directory.appendingPathComponent("older.safetensors")
    var checkpoint = Checkpoint(
      spec: PipelineSpec(task: ComponentReference("toy-line")), step: 7, parameters: ["w": Tensor([1])],
      optimizerState: OptimizerState(), samplerState: [:], objectiveState: [:], epochLosses: [])
    try checkpoint.write(to: older)
    checkpoint.step = 8
    try checkpoint.write(to: url)
    // As if a write of step 8 had been interrupted after the weights: the old sidecar remains.
    try FileManager.default.removeItem(at: Checkpoint.sidecarURL(for: url))
    try FileManager.default.copyItem(at: Checkpoint.sidecarURL(for: older), to: Checkpoint.sidecarURL(for: url))
    do {
      _ = try Checkpoint.read(from: url)
      Issue.record("expected an error")
    } catch let EBMError.invalidFile(path, reason) {
      #expect(path == url.path)
      #expect(reason.hasPrefix("holds step 8 but its sidecar model.json step 7"))
    }
  }

  @Test func missingSidecarIsNamed() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("lonely.safetensors")
    try SafeTensors.write(["param/w": Tensor([1])], to: url)
    do {
      _ = try Checkpoint.read(from: url)
      Issue.record("expected an error")
    } catch let EBMError.invalidFile(path, reason) {
      #expect(path == directory.appendingPathComponent("lonely.json").path)
      #expect(reason.hasPrefix("checkpoint sidecar does not exist"))
    }
  }

  @Test func missingCheckpointIsNamed() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("checkpoint.safetensors")
    do {
      _ = try Checkpoint.read(from: url)
      Issue.record("expected an error")
    } catch let EBMError.invalidFile(path, reason) {
      #expect(path == url.path)
      #expect(reason.hasPrefix("no such checkpoint"))
    }
  }

  /// Trains `steps` straight, and separately stops at `k`, reads the checkpoint, rebuilds the
  /// pipeline from the checkpoint's spec and resumes: parameters, optimizer state and the
  /// loss curve must be bitwise equal.
  func checkResume(stopAt k: Int, objective: String) throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let spec = PipelineSpec(
      task: ComponentReference("toy-line"), objective: ComponentReference(objective),
      optimizer: ComponentReference("adam", options: ["lr": 0.05]), schedule: .cosine(minimum: 0.001), epochs: 3,
      batchSize: 16, seed: 11)
    let pipeline = try registry.makePipeline(spec)
    let data = try pipeline.makeData()
    let straight = try Trainer(pipeline: pipeline).train(data: data)
    #expect(straight.steps == 12)

    let url = directory.appendingPathComponent("model.safetensors")
    let first = try Trainer(pipeline: pipeline).train(
      data: data, stopAfterStep: k, checkpointing: Trainer.Checkpointing(url: url))
    #expect(first.steps == k)
    let checkpoint = try Checkpoint.read(from: url)
    #expect(checkpoint.step == k)
    let rebuilt = try registry.makePipeline(checkpoint.spec)
    let resumed = try Trainer(pipeline: rebuilt).train(data: try rebuilt.makeData(), resume: checkpoint)

    #expect(resumed.steps == 12)
    for name in ["w", "c"] {
      #expect(resumed.model.parameters[name]!.scalars == straight.model.parameters[name]!.scalars, "\(name) after resuming at \(k)")
    }
    #expect(resumed.epochLosses == straight.epochLosses, "loss curve after resuming at \(k)")
  }

  @Test func resumeMidEpochIsBitIdentical() throws {
    try checkResume(stopAt: 6, objective: "toy-ml-is")
  }

  @Test func resumeAtEpochBoundaryIsBitIdentical() throws {
    try checkResume(stopAt: 8, objective: "toy-ml-is")
    try checkResume(stopAt: 1, objective: "toy-energy")
  }

  @Test func periodicCheckpointsResumeBitIdentically() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let spec = PipelineSpec(task: ComponentReference("toy-line"), objective: ComponentReference("toy-ml-is"), epochs: 3, seed: 5)
    let pipeline = try registry.makePipeline(spec)
    let data = try pipeline.makeData()
    let url = directory.appendingPathComponent("model.safetensors")
    let log = EventLog()
    // Every 4 steps = at each epoch's last step (4 steps per epoch); stop after 9.
    _ = try Trainer(pipeline: pipeline).train(
      data: data, stopAfterStep: 9, checkpointing: Trainer.Checkpointing(url: url, everySteps: 4),
      progress: { log.append($0) })
    let written = log.events.compactMap { if case let .checkpoint(_, step) = $0 { step } else { nil } }
    #expect(written == [4, 8, 9])
    // Resume from the periodic checkpoint written at the end of epoch 2 (step 8) of an
    // uninterrupted run: copy it when it is written (later ones overwrite it).
    let straight = try Trainer(pipeline: pipeline).train(data: data)
    let running = directory.appendingPathComponent("running.safetensors")
    let epochEnd = directory.appendingPathComponent("epoch.safetensors")
    _ = try Trainer(pipeline: pipeline).train(
      data: data, checkpointing: Trainer.Checkpointing(url: running, everySteps: 4),
      progress: { event in
        if case .checkpoint(_, 8) = event {
          try? FileManager.default.copyItem(at: running, to: epochEnd)
          try? FileManager.default.copyItem(
            at: Checkpoint.sidecarURL(for: running), to: Checkpoint.sidecarURL(for: epochEnd))
        }
      })
    let checkpoint = try Checkpoint.read(from: epochEnd)
    #expect(checkpoint.epochLosses.count == 2, "the epoch mean is recorded before the epoch-end checkpoint")
    let resumed = try Trainer(pipeline: pipeline).train(data: data, resume: checkpoint)
    #expect(resumed.model.parameters["w"]!.scalars == straight.model.parameters["w"]!.scalars)
    #expect(resumed.epochLosses == straight.epochLosses)
  }
}
