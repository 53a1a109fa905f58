import EBMProtocols
import Foundation

/// Test double: a study over `methods` × seeds on `toy-line`, each cell trained and evaluated
/// through the registry by name. With `divergingSeed`, the `toy-energy` run of that seed has
/// its loss made NaN from step 2 on (`nan-at-step`), so it diverges deterministically.
public struct ToyStudy: Study {
  public var methods: [String]
  public var epochs: Int
  public var divergingSeed: UInt64?
  public init(methods: [String], epochs: Int, divergingSeed: UInt64? = nil) {
    self.methods = methods
    self.epochs = epochs
    self.divergingSeed = divergingSeed
  }

  public var defaultSeedCount: Int { 2 }
  public var summaryKeys: [String] { ["method"] }
  public var summaryMetrics: [String] { ["grid_mse", "test_energy"] }

  public func runs(seeds: [UInt64]) -> [StudyRun] {
    methods.flatMap { method in seeds.map { StudyRun([StudyRun.Label("method", method)], seed: $0) } }
  }

  public func execute(_ run: StudyRun, context: StudyContext) throws -> [StudyRecord] {
    let method = run["method"]!
    let diverges = method == "toy-energy" && run.seed == divergingSeed
    let spec = PipelineSpec(
      task: ComponentReference("toy-line"),
      objective: ComponentReference(method, options: diverges ? ["nan-at-step": 2] : [:]), epochs: epochs, seed: run.seed)
    let result = try context.trainAndEvaluate(spec)
    return [StudyRecord(labels: run.labels, seed: run.seed, metrics: result.metrics)]
  }
}
