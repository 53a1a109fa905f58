import EBM
import EBMProtocols
import Foundation
import Tensors
import Testing

// README-EXAMPLE-BEGIN
/// A user's own objective: a hinge that puts the data's energy at least `margin` below the
/// energy of proposal samples drawn around it,
/// L = mean over i, m of relu(margin + E(x_i, y_i) − E(x_i, y_m)).
struct MarginLoss: TrainingObjective {
  var margin: Float
  var samples = 64
  var requirements: ObjectiveRequirements { [.anySampler] }
  var supportedFamilies: Set<EnergyFamily> { [.conditional] }

  mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let (x, y) = (context.batch.x, context.batch.y)
    let data = context.energy(x: x, y: y.unsqueezed(at: 1))  // [B, 1]
    let drawn = try context.samples(around: y, x: x, count: samples)  // [B, M, dy]
    let proposals = context.energy(x: x, y: drawn)  // [B, M]
    return (margin + data - proposals).relu().mean()
  }
}

func registryWithMarginLoss() -> Registry {
  var registry = Registry.standard()
  registry.objectives.register(
    name: "margin", summary: "hinge between the data's energy and proposals' energies",
    options: [.double("margin", 1, "the hinge margin", range: 0...100)]
  ) { options, _ in MarginLoss(margin: options.float("margin")) }
  return registry
}

func trainWithMarginLoss(epochs: Int) throws -> [Metric] {
  let registry = registryWithMarginLoss()
  let spec = PipelineSpec(
    task: ComponentReference("regression1d-1"), objective: ComponentReference("margin"),
    sampler: ComponentReference("gmm", options: ["stds": "0.1,0.8"]), epochs: epochs, seed: 0)
  let pipeline = try registry.makePipeline(spec)  // checks compatibility before training
  let data = try pipeline.makeData()
  let result = try Trainer(pipeline: pipeline).train(data: data)
  var context = EvaluationContext(rng: RandomGenerator(seed: 0))
  return try pipeline.task.evaluate(result.model, on: data, context: &context)
}
// README-EXAMPLE-END

/// The README's Swift example compiles (it is this file), is the same text as in the README,
/// and does what it says: a loss registered by user code trains a regression EBM by name.
@Suite struct ReadmeExampleTests {
  static func block(between begin: String, and end: String, in text: String) -> String? {
    guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex)
    else { return nil }
    return String(text[start.upperBound..<stop.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test func readmeShowsThisFile() throws {
    let here = URL(fileURLWithPath: #filePath)
    let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    let source = try String(contentsOf: here, encoding: .utf8)
    let inSource = try #require(Self.block(between: "// README-EXAMPLE-BEGIN", and: "// README-EXAMPLE-END", in: source))
    let inReadme = try #require(
      Self.block(between: "<!-- example: Tests/EndToEndTests/ReadmeExampleTests.swift -->\n```swift", and: "```", in: readme))
    #expect(inReadme == inSource, "README's Swift example differs from ReadmeExampleTests.swift; copy the file's block")
  }

  /// Two epochs with the margin loss already bring the KL to the true density well below the
  /// untrained ToyNet's.
  @Test func marginLossTrainsTheRegressionEnergy() throws {
    let untrained = try #require(try trainWithMarginLoss(epochs: 0).first { $0.name == "kl" }?.value)
    let trained = try #require(try trainWithMarginLoss(epochs: 2).first { $0.name == "kl" }?.value)
    #expect(trained.isFinite)
    #expect(trained < 0.7 * untrained, "KL \(trained) after 2 epochs vs \(untrained) untrained")
  }
}
