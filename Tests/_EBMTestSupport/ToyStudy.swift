import EBMProtocols
import Foundation

/// Test double: a study over `methods` × seeds on `toy-line`, each cell trained and evaluated
/// through the registry by name.
public struct ToyStudy: Study {
  public var methods: [String]
  public var epochs: Int
  public init(methods: [String], epochs: Int) {
    self.methods = methods
    self.epochs = epochs
  }

  public var defaultSeedCount: Int { 2 }
  public var summaryKeys: [String] { ["method"] }
  public var summaryMetrics: [String] { ["grid_mse", "test_energy"] }

  public func runs(seeds: [UInt64]) -> [StudyRun] {
    methods.flatMap { method in seeds.map { StudyRun([StudyRun.Label("method", method)], seed: $0) } }
  }

  public func execute(_ run: StudyRun, context: StudyContext) throws -> [StudyRecord] {
    let spec = PipelineSpec(
      task: ComponentReference("toy-line"), objective: ComponentReference(run["method"]!), epochs: epochs, seed: run.seed)
    let result = try context.trainAndEvaluate(spec)
    return [StudyRecord(labels: run.labels, seed: run.seed, metrics: result.metrics)]
  }
}
