import EBMProtocols
import Foundation

/// `ebm study regression1d`: the comparison of Gustafsson et al. ("How to Train Your
/// Energy-Based Model for Regression", BMVC 2020, Table 1): every training method on the two
/// 1-D datasets, each with the paper's settings (ToyNet, Adam 1e-3, batch 32, 75 epochs,
/// per-method proposals and options from the task defaults), evaluated by KL divergence to
/// the true density. Pipelines are composed by name through the registry.
public struct Regression1DStudy: PipelineStudy {
  /// Every method of the paper, in the order of its table.
  public static let allMethods = ["nce+", "nce", "ml-is", "kld-is", "ml-mcmc", "dsm", "sm"]

  public var methods: [String]
  public var datasets: [Int]
  /// Epochs override (`nil`: the paper's 75, from the task defaults).
  public var epochs: Int?
  /// Seed of the training-data draw (`nil`: the task's default, 0).
  public var dataSeed: Int?

  public init(
    methods: [String] = Options().methods, datasets: [Int] = Options().datasets, epochs: Int? = nil, dataSeed: Int? = nil
  ) {
    self.methods = methods
    self.datasets = datasets
    self.epochs = epochs
    self.dataSeed = dataSeed
  }

  /// One seed: with the paper's 75 epochs every method on both datasets already takes about
  /// 6 minutes on 2 cores (ML-MCMC dominates); ask for more with `--seeds`.
  public var defaultSeedCount: Int { 1 }
  public var summaryKeys: [String] { ["method", "dataset"] }
  public var summaryMetrics: [String] { ["kl", "train_seconds"] }

  public func runs(seeds: [UInt64]) -> [StudyRun] {
    var runs: [StudyRun] = []
    for dataset in datasets {
      for method in methods {
        for seed in seeds {
          runs.append(
            StudyRun(
              [.init("method", method), .init("dataset", String(dataset))], seed: seed,
              relativeCost: Self.relativeCost[method] ?? 1))
        }
      }
    }
    return runs
  }

  /// Training time per run relative to NCE+, measured on 2 cores (ML-MCMC runs 16 Langevin
  /// steps per training step; DSM differentiates dE/dy; SM uses no candidates).
  static let relativeCost: [String: Double] = ["ml-mcmc": 14, "dsm": 3.5, "kld-is": 1.2, "sm": 0.1]

  /// The run's pipeline: the data set's task, the method as objective.
  public func pipelineSpecs(for run: StudyRun) -> [PipelineSpec] {
    [
      PipelineSpec(
        task: ComponentReference("regression1d-\(run["dataset"]!)", options: dataSeed.map { ["data-seed": .int($0)] } ?? [:]),
        objective: ComponentReference(run["method"]!), epochs: epochs,
        seed: run.seed)
    ]
  }

  public func execute(_ run: StudyRun, context: StudyContext) throws -> [StudyRecord] {
    let method = run["method"]!
    let dataset = run["dataset"]!
    let spec = pipelineSpecs(for: run)[0]
    let outcome = try context.trainAndEvaluate(spec, picturePrefix: "regression1d-\(dataset)-\(method)-seed\(run.seed)")
    context.log(
      "regression1d dataset \(dataset) \(method) seed \(run.seed): KL \(outcome.metrics.first { $0.name == "kl" }?.value ?? .nan)")
    var series: [String: [Double]] = [:]
    if run.seed == 0 { series["density"] = Self.densitySeries(outcome.model) }
    return [StudyRecord(labels: run.labels, seed: run.seed, metrics: outcome.metrics, series: series)]
  }

  /// Grid of the study's density figure: `densityResolution` points over [−3, 3] on each axis.
  public static let densityResolution = 48
  static var densityAxis: [Double] {
    (0..<densityResolution).map { -3 + 6 * Double($0) / Double(densityResolution - 1) }
  }

  /// p(y | x) of the model on the figure's grid, x-major (`[x][y]`), as a density in y
  /// (the grid's softmax divided by the y spacing).
  static func densitySeries(_ model: TrainedEnergy) -> [Double] {
    let axis = densityAxis.map(Float.init)
    let grid = ConditionalDensityGrid(model: model, xs: axis, ys: axis)
    let dy = 6 / Double(densityResolution - 1)
    return grid.logProbabilities.map { Foundation.exp(Double($0)) / dy }
  }
}
