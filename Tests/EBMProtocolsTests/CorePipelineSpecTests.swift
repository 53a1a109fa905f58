import EBMProtocols
import Foundation
import Testing
import _EBMTestSupport

@Suite struct CorePipelineSpecTests {
  let registry = ToyComponents.registry()

  func decode(_ json: String) throws -> PipelineSpec {
    try PipelineSpec.decode(Data(json.utf8), path: "p.json")
  }

  func fileError(_ json: String) -> String? {
    do {
      _ = try decode(json)
      return nil
    } catch let EBMError.invalidFile(path, reason) {
      #expect(path == "p.json")
      return reason
    } catch {
      return "unexpected \(error)"
    }
  }

  @Test func loadsEveryFieldWithTheRegistryNames() throws {
    let spec = try decode(
      """
      {"task": {"name": "toy-line", "options": {"train": 32}},
       "objective": {"name": "toy-ml-is", "options": {"samples": 8}},
       "optimizer": {"name": "sgd", "options": {"lr": 0.1}},
       "schedule": {"step": {"every": 10, "gamma": 0.5}},
       "epochs": 2, "batchSize": 8, "seed": 7}
      """)
    let expected = PipelineSpec(
      task: ComponentReference("toy-line", options: ["train": 32]),
      objective: ComponentReference("toy-ml-is", options: ["samples": 8]),
      optimizer: ComponentReference("sgd", options: ["lr": 0.1]), schedule: .step(every: 10, gamma: 0.5), epochs: 2,
      batchSize: 8, seed: 7)
    #expect(spec == expected)
    #expect(try decode(String(decoding: spec.encoded(), as: UTF8.self)) == spec)

    let pipeline = try registry.makePipeline(spec)
    #expect(pipeline.batchSize == 8)
    #expect(pipeline.epochs == 2)
    #expect(pipeline.seed == 7)
    #expect(pipeline.spec.sampler == ComponentReference("toy-gaussian"), "the task's sampler for toy-ml-is")
    #expect(pipeline.spec.architecture == ComponentReference("toy-linear"), "the task's default architecture")
    #expect(pipeline.optimizer.learningRate == 0.1)
  }

  @Test func schedulesMayBeWrittenAsText() throws {
    #expect(try decode(#"{"task": {"name": "toy-line"}, "schedule": "step:10:0.5"}"#).schedule == .step(every: 10, gamma: 0.5))
    #expect(try decode(#"{"task": {"name": "toy-line"}, "schedule": {"cosine": {"minimum": 0.01}}}"#).schedule == .cosine(minimum: 0.01))
    let reason = fileError(#"{"task": {"name": "toy-line"}, "schedule": "linear"}"#) ?? ""
    #expect(reason.hasPrefix("`schedule`: 'linear' is not a schedule"), "\(reason)")
  }

  @Test func seedDefaultsToZero() throws {
    #expect(try decode(#"{"task": {"name": "toy-line"}}"#).seed == 0)
  }

  @Test func missingFieldsAreNamed() {
    #expect(fileError(#"{"epochs": 2}"#) == "missing field `task`")
    #expect(fileError(#"{"task": {"options": {}}}"#) == "missing field `task.name`")
  }

  @Test func misspeltFieldsAreRejectedWithTheNearestName() {
    #expect(
      fileError(#"{"task": {"name": "toy-line"}, "epoch": 3}"#)
        == "unknown field 'epoch'; did you mean 'epochs'? (fields: task, architecture, objective, sampler, optimizer, schedule, epochs, batchSize, outlierBatchSize, seed)"
    )
    #expect(
      fileError(#"{"task": {"name": "toy-line", "option": {}}}"#)
        == "unknown field 'task.option'; did you mean 'task.options'? (fields: name, options)")
  }

  @Test func wrongTypesAndBadJSONAreReported() {
    let epochs = fileError(#"{"task": {"name": "toy-line"}, "epochs": "two"}"#) ?? ""
    #expect(epochs == #"`epochs`: expected an integer, got "two""#, "\(epochs)")
    let json = fileError(#"{"task": "#) ?? ""
    #expect(json.hasPrefix("is not valid JSON"), "\(json)")
  }

  @Test func badOptionValuesInAFileFailWhenComposing() throws {
    let spec = try decode(#"{"task": {"name": "toy-line"}, "objective": {"name": "toy-ml-is", "options": {"samples": -3}}}"#)
    #expect(throws: EBMError.invalidOption(component: "toy-ml-is", option: "samples", reason: "must be in 1...4096, got -3")) {
      try registry.makePipeline(spec)
    }
  }

  @Test func unreadableFileIsNamed() {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-pipeline-\(UInt64.random(in: 0...UInt64.max)).json")
    do {
      _ = try PipelineSpec.load(from: url)
      Issue.record("expected an error")
    } catch let EBMError.invalidFile(path, reason) {
      #expect(path == url.path)
      #expect(reason == "does not exist")
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func schedulesParseFromText() throws {
    #expect(try ScheduleSpec(parsing: "constant") == .constant)
    #expect(try ScheduleSpec(parsing: "cosine:0.001") == .cosine(minimum: 0.001))
    #expect(try ScheduleSpec(parsing: "step:100:0.5") == .step(every: 100, gamma: 0.5))
    #expect(try ScheduleSpec(parsing: "warmup:10:cosine") == .warmup(steps: 10, then: .cosine(minimum: 0)))
    for bad in ["linear", "", "step:1e30:0.5", "step:10", "cosine:x", "constant:1", "warmup:-3"] {
      #expect(throws: EBMError.self, "\(bad)") { try ScheduleSpec(parsing: bad) }
    }
  }
}
