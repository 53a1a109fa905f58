import EBM
import EBMProtocols
import Foundation
import Tasks
import Tensors
import Testing

/// A shrunken `regression1d` study (NCE+ on dataset 2, a few epochs), run through the
/// registry and the study runner like the CLI does.
@Suite struct RegressionStudyTests {
  @Test func shrunkenStudyTrainsBetterThanAnUntrainedModel() throws {
    let registry = Registry.standard()
    let study = try registry.studies.make(
      ComponentReference(
        "regression1d", options: ["methods": .stringList(["nce+"]), "datasets": .intList([2]), "epochs": .int(4)]))
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regression-study-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let lines = RegressionLineCollector()
    let outcome = try StudyRunner(registry: registry).run(
      study, name: "regression1d", seedCount: 1, outputDirectory: directory, json: true,
      output: { lines.append($0) }, log: { _ in })
    #expect(outcome.records.count == 1)
    let record = try #require(outcome.records.first)
    let kl = try #require(record.value("kl"))
    #expect(kl.isFinite && kl >= 0)
    #expect((record.value("train_seconds") ?? -1) > 0)
    // The JSON line carries the fields the issue asks for.
    let json = try #require(lines.all.first)
    for key in ["\"method\"", "\"dataset\"", "\"seed\"", "\"kl\"", "\"train_seconds\""] { #expect(json.contains(key), "\(key) in \(json)") }
    #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("regression1d-2-nce+-seed0-density.png").path))
    for figure in ["kl-per-method.svg", "densities.svg", "report.html"] {
      #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(figure).path), "\(figure)")
    }
    // The density figure's data: p(y | x) per x column, a density in y that sums to 1 / Δy.
    let density = try #require(record.series["density"])
    let n = Regression1DStudy.densityResolution
    #expect(density.count == n * n)
    for column in stride(from: 0, to: n, by: 7) {
      let total = density[(column * n)..<((column + 1) * n)].reduce(0, +) * 6 / Double(n - 1)
      #expect(Swift.abs(total - 1) < 1e-4, "column \(column): \(total)")
    }

    // The same pipeline, untrained.
    let pipeline = try registry.makePipeline(PipelineSpec(task: ComponentReference("regression1d-2"), objective: ComponentReference("nce+"), seed: 0))
    let data = try pipeline.makeData()
    var context = EvaluationContext(rng: RandomGenerator(seed: 0))
    let untrained = try pipeline.task.evaluate(
      TrainedEnergy(energy: pipeline.energy, parameters: pipeline.initialParameters()), on: data, context: &context)
    let untrainedKL = try #require(untrained.first { $0.name == "kl" }?.value)
    // The issue asks for "better than an untrained model"; after 4 of the 75 epochs KL is
    // already about half the untrained value (1.74 vs 3.27 here), so demand a clear 25% gain.
    #expect(kl < 0.75 * untrainedKL, "trained KL \(kl) vs untrained \(untrainedKL)")
  }
}

/// Collects printed lines from the runner (called from one thread at a time).
final class RegressionLineCollector: @unchecked Sendable {
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
