import EBM
import EBMCommand
import EBMProtocols
import Foundation
import Tensors
import Testing
import _EBMTestSupport

/// A loss defined in this test target is registered and trained by name, through a pipeline
/// and through the CLI with the registry passed in.
@Suite struct EndToEndCustomLossTests {
  let registry = EndToEndCauchyObjective.registry()

  /// Full-batch gradient descent on the Cauchy loss of the line energy: with noise σ = 0.1,
  /// the residual energies r²/2 are ≈ 0.005, where log(1 + r²/2) ≈ r²/2, so the fit is the
  /// least-squares line up to O(r⁴) terms: slope 2 and intercept −0.5 within the sampling
  /// error of 64 points (≈ 0.02), and the grid-argmin error is the noise variance 0.01.
  @Test func customLossTrainsByNameThroughAPipeline() throws {
    let spec = PipelineSpec(
      task: ComponentReference("toy-line"), objective: ComponentReference("e2e-cauchy"),
      optimizer: ComponentReference("sgd", options: ["lr": 1.0]), epochs: 80, batchSize: 64, seed: 4)
    let pipeline = try registry.makePipeline(spec)
    #expect(pipeline.objective is EndToEndCauchyObjective)
    let data = try pipeline.makeData()
    let result = try Trainer(pipeline: pipeline).train(data: data)
    let w = Double(result.model.parameters["w"]!.scalar)
    let c = Double(result.model.parameters["c"]!.scalar)
    #expect(Swift.abs(w - 2) < 0.1)
    #expect(Swift.abs(c + 0.5) < 0.1)
    var context = EvaluationContext(rng: RandomGenerator(seed: 0))
    let metrics = try pipeline.task.evaluate(result.model, on: data, context: &context)
    let mse = try #require(metrics.first { $0.name == "grid_mse" }?.value)
    #expect(mse < 0.02)
  }

  @Test func customLossTrainsThroughTheCommandLine() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let run = CLIRun(
      [
        "train", "--task", "toy-line", "--objective", "e2e-cauchy:delta=1", "--optimizer", "sgd:lr=1", "--epochs", "80",
        "--batch-size", "64", "--seed", "4", "--out", "fit", "--json",
      ], registry: registry, in: folder.url)
    #expect(run.status == 0, "\(run.error)")
    let json = try run.json()
    let metrics = try #require(json["metrics"] as? [String: Any])
    let mse = try #require(metrics["grid_mse"] as? Double)
    #expect(mse < 0.02)
    #expect(json["objective"] as? String == "e2e-cauchy")
    #expect(folder.contents("fit") == ["losses.csv", "metrics.json", "model.json", "model.safetensors", "pipeline.json", "weights.safetensors"])
    let losses = try String(contentsOfFile: folder.path("fit/losses.csv"), encoding: .utf8).split(separator: "\n")
    #expect(losses.count == 81, "header + 80 epochs")
    // The checkpoint's weights are the trained ones: the same as a pipeline trained in Swift.
    let pipeline = try registry.makePipeline(
      PipelineSpec(
        task: ComponentReference("toy-line"), objective: ComponentReference("e2e-cauchy", options: ["delta": "1"]),
        optimizer: ComponentReference("sgd", options: ["lr": "1"]), epochs: 80, batchSize: 64, seed: 4))
    let trained = try Trainer(pipeline: pipeline).train(data: try pipeline.makeData())
    let checkpoint = try Checkpoint.read(from: folder.url.appendingPathComponent("fit/model.safetensors"))
    #expect(checkpoint.parameters["w"]!.scalars == trained.model.parameters["w"]!.scalars)
    #expect(checkpoint.step == 80)
  }
}
