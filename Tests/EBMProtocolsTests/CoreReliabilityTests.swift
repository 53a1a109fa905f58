import EBMProtocols
import Foundation
import Tensors
import Testing
import _EBMTestSupport

/// Test double: a finite loss (0) whose gradient is infinite, √(Σ (w − w)) at 0, so the update
/// makes the first parameter non-finite while the loss stays finite.
struct InfiniteGradientObjective: TrainingObjective {
  var requirements: ObjectiveRequirements { [] }
  var supportedFamilies: Set<EnergyFamily> { [.conditional, .unconditional] }
  mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let name = context.parameters.keys.sorted()[0]
    let w = context.parameters[name]!
    return (w - w.detached).sum().sqrt()
  }
}

/// One test per crash class of the reliability issue: strict files, bounded numbers, NaN that
/// cannot pass silently.
@Suite struct CoreReliabilityTests {
  let registry: Registry = {
    var registry = ToyComponents.registry()
    registry.objectives.register(name: "infinite-gradient", summary: "test double") { _, _ in InfiniteGradientObjective() }
    return registry
  }()

  func fileError(_ json: String) -> String? {
    do {
      _ = try PipelineSpec.decode(Data(json.utf8), path: "p.json")
      return nil
    } catch let EBMError.invalidFile(path, reason) {
      #expect(path == "p.json")
      return reason
    } catch {
      return "unexpected \(error)"
    }
  }

  func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("core-reliability-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  // MARK: Pipeline files

  @Test func pipelineFilesAreStrictJSON() {
    let duplicate = fileError(#"{"task": {"name": "toy-line"}, "epochs": 2, "epochs": 3}"#)
    #expect(duplicate == "is not strict JSON: the key 'epochs' appears twice in one object")
    #expect(fileError(#"{"task": {"name": "toy-line"}, "epochs": 2,}"#)?.hasPrefix("is not strict JSON: trailing comma") == true)
    #expect(fileError(#"{"task": {"name": "toy-line", "options": {"a": [1, 2,]}}}"#)?.contains("trailing comma") == true)
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(fileError(#"{"task": {"name": "toy-line"}, "seed": "# + deep + "}") == "is not strict JSON: objects and arrays are nested more than 64 deep")
  }

  @Test func numbersOfTheWrongTypeAreNamed() {
    #expect(fileError(#"{"task": {"name": "toy-line"}, "epochs": 63.5}"#) == "`epochs`: expected an integer, got 63.5")
    #expect(fileError(#"{"task": {"name": "toy-line"}, "seed": -1}"#) == "`seed`: expected a non-negative integer, got -1")
    #expect(fileError(#"{"task": {"name": "toy-line"}, "seed": 1e30}"#) == "`seed`: expected a non-negative integer, got 1e+30")
    #expect(fileError(#"{"task": {"name": "toy-line"}, "batchSize": true}"#) == "`batchSize`: expected an integer, got true")
    #expect(fileError(#"{"task": {"name": 3}}"#) == "`task.name`: expected a string, got 3")
  }

  @Test func foreignFormatsAreRejected() {
    #expect(fileError(#"{"format": "swift-ebm-pipeline-1", "task": {"name": "toy-line"}}"#) == nil)
    let reason = fileError(#"{"format": "other-tool-2", "task": {"name": "toy-line"}}"#) ?? ""
    #expect(reason.hasPrefix("`format`: 'other-tool-2' is not a swift-ebm pipeline format"), "\(reason)")
  }

  @Test func pipelineNumbersAreBoundedBeforeAnyWork() {
    #expect(fileError(#"{"task": {"name": "toy-line"}, "epochs": 9223372036854775807}"#) == "pipeline: option 'epochs' must be in 0...1000000, got 9223372036854775807")
    #expect(fileError(#"{"task": {"name": "toy-line"}, "batchSize": 0}"#) == "pipeline: option 'batchSize' must be in 1...1000000, got 0")
    #expect(throws: EBMError.self) {
      try registry.makePipeline(PipelineSpec(task: ComponentReference("toy-line"), epochs: Int.max))
    }
  }

  /// `LearningRateSchedule.validate()` rules, in every way a schedule can be written.
  @Test func schedulesAreValidatedLikeTheLearningRate() throws {
    for text in ["cosine:-1", "step:1:-1", "step:0:0.5", "warmup:-3", "cosine:nan", "step:1:inf"] {
      #expect(throws: EBMError.self, "\(text)") { try ScheduleSpec(parsing: text) }
    }
    #expect(fileError(#"{"task": {"name": "toy-line"}, "schedule": {"step": {"every": 0, "gamma": 0.5}}}"#) == "schedule: option 'step.every' must be in 1...1000000000000, got 0")
    #expect(fileError(#"{"task": {"name": "toy-line"}, "schedule": {"warmup": {"steps": -5, "then": {"constant": {}}}}}"#) == "schedule: option 'warmup.steps' must be in 0...1000000000000, got -5")
    #expect(throws: EBMError.self) {
      try registry.makePipeline(PipelineSpec(task: ComponentReference("toy-line"), schedule: .cosine(minimum: -1)))
    }
    #expect(try ScheduleSpec(parsing: "warmup:10:step:5:0.5") == .warmup(steps: 10, then: .step(every: 5, gamma: 0.5)))
  }

  @Test func nestedSchedulesAreBounded() {
    let deepText = Array(repeating: "warmup:1", count: 5000).joined(separator: ":")
    #expect(throws: EBMError.invalidOption(component: "schedule", option: "warmup", reason: "nests 5001 schedules, more than the 16 allowed")) {
      try ScheduleSpec(parsing: deepText)
    }
    var keyed = #"{"constant": {}}"#
    for _ in 0..<20 { keyed = #"{"warmup": {"steps": 1, "then": "# + keyed + "}}" }
    #expect(fileError(#"{"task": {"name": "toy-line"}, "schedule": "# + keyed + "}") == "schedule: option 'warmup' nests 21 schedules, more than the 16 allowed")
    var fine = ScheduleSpec.constant
    for _ in 0..<15 { fine = .warmup(steps: 1, then: fine) }
    #expect(fine.depth == 16)
    #expect(throws: Never.self) { try fine.validate() }
  }

  // MARK: Checkpoints

  func writeCheckpoint(in directory: URL, parameters: ParameterSet = ["w": Tensor([1.5]), "c": Tensor([-0.25])],
                       moments: ParameterSet = ["m/w": Tensor([0.1])]) throws -> URL {
    let url = directory.appendingPathComponent("model.safetensors")
    let checkpoint = Checkpoint(
      spec: PipelineSpec(task: ComponentReference("toy-line"), epochs: 3, seed: 9), step: 7, parameters: parameters,
      optimizerState: OptimizerState(step: 7, slots: moments), samplerState: [:], objectiveState: [:], epochLosses: [0.5])
    try checkpoint.write(to: url)
    return url
  }

  func checkpointError(_ url: URL, allowNonFinite: Bool = false) -> EBMError? {
    do {
      _ = try Checkpoint.read(from: url, allowNonFiniteWeights: allowNonFinite)
      return nil
    } catch let error as EBMError {
      return error
    } catch {
      Issue.record("unexpected \(error)")
      return nil
    }
  }

  func editSidecar(_ url: URL, _ edit: (String) -> String) throws {
    let sidecar = Checkpoint.sidecarURL(for: url)
    try Data(edit(try String(contentsOf: sidecar, encoding: .utf8)).utf8).write(to: sidecar)
  }

  @Test func sidecarNumbersAndFormatAreChecked() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = try writeCheckpoint(in: directory)
    let sidecar = Checkpoint.sidecarURL(for: url).path
    try editSidecar(url) { $0.replacingOccurrences(of: "\"step\" : 7", with: "\"step\" : -7") }
    #expect(checkpointError(url) == .invalidFile(path: sidecar, reason: "`step` must be in 0...1000000000000000, got -7"))
    try editSidecar(url) { $0.replacingOccurrences(of: "\"step\" : -7", with: "\"step\" : 9223372036854775807") }
    #expect(checkpointError(url) == .invalidFile(path: sidecar, reason: "`step` must be in 0...1000000000000000, got 9223372036854775807"))
    try editSidecar(url) { $0.replacingOccurrences(of: "\"step\" : 9223372036854775807", with: "\"step\" : 63.5") }
    #expect(checkpointError(url) == .invalidFile(path: sidecar, reason: "`step`: expected an integer, got 63.5"))
    try editSidecar(url) { $0.replacingOccurrences(of: "\"step\" : 63.5", with: "\"step\" : 7, \"step\" : 8") }
    #expect(checkpointError(url) == .invalidFile(path: sidecar, reason: "is not strict JSON: the key 'step' appears twice in one object"))
    try editSidecar(url) {
      $0.replacingOccurrences(of: "\"step\" : 7, \"step\" : 8", with: "\"step\" : 7")
        .replacingOccurrences(of: "swift-ebm-checkpoint-1", with: "other-checkpoint-9")
    }
    #expect(checkpointError(url)?.description.contains("has format 'other-checkpoint-9', not 'swift-ebm-checkpoint-1'") == true)
    try editSidecar(url) {
      $0.replacingOccurrences(of: "other-checkpoint-9", with: "swift-ebm-checkpoint-1")
        .replacingOccurrences(of: "\"epochs\" : 3", with: "\"epochs\" : -3")
    }
    #expect(checkpointError(url) == .invalidFile(path: sidecar, reason: "`pipeline`: pipeline: option 'epochs' must be in 0...1000000, got -3"))
  }

  @Test func nonFiniteWeightsAreRefusedNamingTheTensorUnlessAllowed() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = try writeCheckpoint(in: directory, parameters: ["w": Tensor([1.5, .nan]), "c": Tensor([-0.25])])
    let error = checkpointError(url)
    #expect(error?.description.hasPrefix("\(url.path): tensor 'param/w' holds nan") == true, "\(String(describing: error))")
    #expect(checkpointError(url, allowNonFinite: true) == nil)
    let read = try Checkpoint.read(from: url, allowNonFiniteWeights: true)
    #expect(read.parameters["w"]!.scalars[1].isNaN)
  }

  @Test func nonFiniteOptimizerStateIsRefusedEvenWhenWeightsMayBeNonFinite() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = try writeCheckpoint(in: directory, moments: ["m/w": Tensor([.infinity])])
    for allow in [false, true] {
      let error = checkpointError(url, allowNonFinite: allow)
      #expect(error?.description.contains("tensor 'optimizer/m/w' holds inf") == true, "\(String(describing: error))")
    }
  }

  /// `error: P: P: safetensors: …` named the file twice.
  @Test func errorsNameTheFileOnce() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = try writeCheckpoint(in: directory)
    try Data([1, 2, 3]).write(to: url)
    let text = checkpointError(url)?.description ?? ""
    #expect(text.hasPrefix("\(url.path): safetensors: 3 bytes"), "\(text)")
    #expect(text.components(separatedBy: url.path).count == 2, "the path appears once: \(text)")
  }

  @Test func specialFilesSayWhatTheyAre() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(checkpointError(directory)?.description.contains("is a folder, not a checkpoint") == true)
    #expect(checkpointError(URL(fileURLWithPath: "/dev/zero"))?.description.contains("is a character device, not a checkpoint") == true)
    let fifo = directory.appendingPathComponent("pipe.json")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    do {
      _ = try PipelineSpec.load(from: fifo)
      Issue.record("expected an error")
    } catch {
      #expect("\(error)" == "\(fifo.path): is a FIFO (named pipe), not a regular file")
    }
    do {
      _ = try PipelineSpec.load(from: URL(fileURLWithPath: "/dev/zero"))
      Issue.record("expected an error")
    } catch {
      #expect("\(error)" == "/dev/zero: is a character device, not a regular file")
    }
  }

  // MARK: Training

  @Test func trainerStopsWhenAParameterBecomesNonFiniteNamingIt() throws {
    let pipeline = try registry.makePipeline(
      PipelineSpec(task: ComponentReference("toy-line"), objective: ComponentReference("infinite-gradient"), epochs: 2))
    let name = pipeline.initialParameters().keys.sorted()[0]
    #expect(throws: EBMError.nonFiniteParameter(name: name, step: 0)) {
      try Trainer(pipeline: pipeline).train(data: try pipeline.makeData())
    }
  }

  @Test func resumingWithFewerEpochsThanDoneIsRefused() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let spec = PipelineSpec(task: ComponentReference("toy-line"), epochs: 3, batchSize: 64)
    let pipeline = try registry.makePipeline(spec)
    let data = try pipeline.makeData()
    let url = directory.appendingPathComponent("model.safetensors")
    _ = try Trainer(pipeline: pipeline).train(data: data, checkpointing: Trainer.Checkpointing(url: url))
    let checkpoint = try Checkpoint.read(from: url)
    var shorter = checkpoint.spec
    shorter.epochs = 1
    let short = try registry.makePipeline(shorter)
    #expect(throws: EBMError.self) { try Trainer(pipeline: short).train(data: data, resume: checkpoint) }
    // Longer: the sidecar records the new epochs and the steps of all of them.
    var longer = checkpoint.spec
    longer.epochs = 4
    let extended = try registry.makePipeline(longer)
    let result = try Trainer(pipeline: extended).train(data: data, resume: checkpoint, checkpointing: Trainer.Checkpointing(url: url))
    let after = try Checkpoint.read(from: url)
    #expect(after.spec.epochs == 4 && after.epochLosses.count == 4 && after.step == result.steps)
    #expect(after.step == checkpoint.step / 3 * 4)
  }

  // MARK: Allocation sizes

  @Test func memoryBudgetSaysHowMuchMemoryItWouldTake() {
    #expect(throws: Never.self) { try MemoryBudget.check([1000, 16, 2], what: "samples") }
    do {
      try MemoryBudget.check([1_000_000_000_000, 16, 2], what: "--count 1000000000000 samples")
      Issue.record("expected an error")
    } catch {
      #expect(error.description == "--count 1000000000000 samples would take 116.4 TiB of memory, more than the limit of 16.0 GiB; help: use a smaller number")
    }
    // Products beyond Int do not trap.
    #expect(throws: MemoryBudgetError.self) { try MemoryBudget.check([Int.max, Int.max, 3], what: "x") }
  }
}
