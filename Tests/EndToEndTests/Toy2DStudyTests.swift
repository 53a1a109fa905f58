import Foundation
import Testing
import EBM
import EBMProtocols
import Tensors

@Suite struct Toy2DStudyTests {
  @Test func componentsAreRegistered() {
    let registry = Registry.standard()
    for task in ["8gaussians", "moons", "swissroll", "circles", "checkerboard", "pinwheel", "2spirals"] {
      #expect(registry.tasks.contains(task), "task \(task)")
    }
    for name in ["mlp", "gaussian-energy", "gmm-energy", "double-well", "rosenbrock"] {
      #expect(registry.architectures.contains(name), "architecture \(name)")
    }
    for name in ["langevin", "replay-langevin", "mala", "hmc"] { #expect(registry.samplers.contains(name), "sampler \(name)") }
    for name in ["cd", "pcd", "ssm"] { #expect(registry.objectives.contains(name), "objective \(name)") }
    #expect(registry.studies.contains("toy2d"))
  }

  @Test func pcdPipelineUsesTheReplayBufferAndCheckpointsIt() throws {
    let registry = Registry.standard()
    let pipeline = try registry.makePipeline(
      PipelineSpec(task: ComponentReference("moons", options: ["size": .int(64), "test-size": .int(20)]),
        objective: ComponentReference("pcd"), epochs: 1, batchSize: 32, seed: 1))
    #expect(pipeline.spec.sampler?.name == "replay-langevin")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("toy2d-pcd-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("model.safetensors")
    _ = try Trainer(pipeline: pipeline).train(data: try pipeline.makeData(), checkpointing: .init(url: url))
    #expect(FileManager.default.fileExists(atPath: url.path))
  }

  @Test func cdCoversEveryModeOfTheEightGaussians() throws {
    // A short but honest run: 1000 points, 15 epochs of CD-20; 300 Langevin samples.
    let registry = Registry.standard()
    let spec = PipelineSpec(
      task: ComponentReference("8gaussians", options: ["size": .int(1000), "test-size": .int(300)]),
      objective: ComponentReference("cd"), epochs: 15, seed: 0)
    let pipeline = try registry.makePipeline(spec)
    let data = try pipeline.makeData()
    let result = try Trainer(pipeline: pipeline).train(data: data)
    var context = EvaluationContext(rng: RandomGenerator(seed: 3), sampler: pipeline.evaluationSampler)
    let metrics = try pipeline.task.evaluate(result.model, on: data, context: &context)
    func value(_ name: String) -> Double? { metrics.first { $0.name == name }?.value ?? nil }
    #expect(value("min_mode_share")! >= 0.05, "\(metrics)")
    #expect(value("w2")! < 3 * value("w2_floor")!, "\(metrics)")
  }

  @Test func studyWritesOneJSONLinePerRunWithTheAgreedKeys() throws {
    let registry = Registry.standard()
    let descriptor = try registry.studies.descriptor("toy2d")
    let options = try descriptor.resolveOptions([
      "datasets": .stringList(["moons"]), "methods": .stringList(["ssm", "not-registered"]), "epochs": .int(1),
    ])
    let study = try descriptor.make(options, ComponentContext())
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("toy2d-study-\(UInt32.random(in: 0...UInt32.max))")
    defer { try? FileManager.default.removeItem(at: directory) }
    let lines = Toy2DLineCollector()
    let outcome = try StudyRunner(registry: registry).run(
      study, name: "toy2d", seedCount: 1, outputDirectory: directory, json: true, output: { lines.append($0) }, log: { _ in })
    #expect(outcome.records.count == 1)
    let line = try #require(lines.all.first)
    for key in ["\"method\": \"ssm\"", "\"dataset\": \"moons\"", "\"seed\": 0", "\"w2\":", "\"w2_floor\":", "\"mmd\":", "\"min_mode_share\": null"] {
      #expect(line.contains(key), "\(key) in \(line)")
    }
    #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("toy2d-moons-ssm-seed0.png").path))
  }
}

/// Collects output lines from the study runner (thread-safe).
final class Toy2DLineCollector: @unchecked Sendable {
  private var lines: [String] = []
  private let lock = NSLock()
  func append(_ line: String) {
    lock.lock()
    lines.append(line)
    lock.unlock()
  }
  var all: [String] {
    lock.lock()
    defer { lock.unlock() }
    return lines
  }
}
