import Foundation
import EBMProtocols

/// `ebm study toy2d`: every training method on every 2-D dataset with the task defaults,
/// sampled by Langevin dynamics and compared with held-out data (W2 and its data floor, MMD,
/// mode coverage, training seconds), with one picture per method and dataset.
///
/// The methods are objectives looked up by name in the registry (so the Tasks module does not
/// import Losses); a method that is not registered is skipped with a log line.
public struct Toy2DStudy: PipelineStudy {
  public var datasets: [String]
  public var methods: [String]
  /// Epoch override (nil: the task's default).
  public var epochs: Int?

  public static let allMethods = ["cd", "pcd", "dsm", "ssm", "nce"]

  public init(datasets: [String], methods: [String], epochs: Int? = nil) {
    self.datasets = datasets
    self.methods = methods
    self.epochs = epochs
  }

  public var defaultSeedCount: Int { 1 }
  public var summaryKeys: [String] { ["dataset", "method"] }
  public var summaryMetrics: [String] { ["w2", "w2_floor", "mmd", "mmd_floor", "min_mode_share", "train_seconds"] }

  public func runs(seeds: [UInt64]) -> [StudyRun] {
    var result: [StudyRun] = []
    for dataset in datasets {
      for method in methods {
        for seed in seeds {
          result.append(StudyRun([.init("method", method), .init("dataset", dataset)], seed: seed))
        }
      }
    }
    return result
  }

  /// The run's pipeline: the data set's task, the method as objective.
  public func pipelineSpecs(for run: StudyRun) -> [PipelineSpec] {
    [
      PipelineSpec(
        task: ComponentReference(run["dataset"]!), objective: ComponentReference(run["method"]!), epochs: epochs,
        seed: run.seed)
    ]
  }

  public func execute(_ run: StudyRun, context: StudyContext) throws -> [StudyRecord] {
    let method = run["method"]!
    let dataset = run["dataset"]!
    guard context.registry.objectives.contains(method) else {
      context.log("toy2d: objective '\(method)' is not registered; skipped")
      return []
    }
    let spec = pipelineSpecs(for: run)[0]
    let outcome = try context.trainAndEvaluate(spec, picturePrefix: "toy2d-\(dataset)-\(method)-seed\(run.seed)")
    var series: [String: [Double]] = [:]
    if run.seed == 0, let task = outcome.pipeline.task as? Toy2DTask {
      series = try Self.figureSeries(outcome.model, task: task, pipeline: outcome.pipeline)
    }
    return [StudyRecord(labels: run.labels, seed: run.seed, metrics: outcome.metrics, series: series)]
  }

  public func finish(_ records: [StudyRecord], context: StudyContext) throws -> [String] {
    var lines: [String] = []
    for dataset in datasets {
      let rows = records.filter { $0.label("dataset") == dataset }
      var best: (method: String, w2: Double, floor: Double)?
      for method in methods {
        let group = rows.filter { $0.label("method") == method }
        let w2 = group.compactMap { $0.value("w2") }
        let floor = group.compactMap { $0.value("w2_floor") }
        guard !w2.isEmpty, !floor.isEmpty else { continue }
        let mean = w2.reduce(0, +) / Double(w2.count)
        let floorMean = floor.reduce(0, +) / Double(floor.count)
        if best == nil || mean < best!.w2 { best = (method, mean, floorMean) }
      }
      if let best {
        lines.append(
          String(format: "%@: best W2 %@ %.3f (floor %.3f, %.2f× the floor)", dataset, best.method, best.w2, best.floor, best.w2 / best.floor))
      }
    }
    return lines
  }
}
