import EBMProtocols
import Foundation

/// `ebm study detection`: box refinement on ``DetectionPhotosTask`` compared the way
/// Gustafsson et al. (BMVC 2020, Table 3) compare it — the detector's boxes unrefined
/// (`none`), a direct regression head trained by L2 (`direct`), IoU regression refined by
/// gradient ascent (`iou-net`), and the box energy trained by each objective of the 1-D study
/// (`nce+`, `nce`, `ml-is`, `kld-is`, `ml-mcmc`, `dsm`), all refined by the same gradient
/// descent on E. Table: AP, AP50, AP75, mean IoU after and before, how often E ranks the true
/// box below the detector's (`truth_lower`, %), training seconds, ms per refined box.
public struct DetectionStudy: PipelineStudy {
  /// Every method, in table order.
  public static let allMethods = ["none", "direct", "iou-net", "nce+", "nce", "ml-is", "kld-is", "ml-mcmc", "dsm"]
  /// The default grid: the methods that finish in minutes on 2 cores.
  public static let defaultMethods = ["none", "direct", "iou-net", "nce+", "nce", "ml-is", "kld-is"]

  public var methods: [String]
  /// Epochs override (nil: the task's default).
  public var epochs: Int?
  /// Task options (scene counts, sizes, data seed).
  public var taskOptions: [String: OptionValue]

  public init(methods: [String] = DetectionStudy.defaultMethods, epochs: Int? = nil, taskOptions: [String: OptionValue] = [:]) {
    self.methods = methods
    self.epochs = epochs
    self.taskOptions = taskOptions
  }

  public var defaultSeedCount: Int { 1 }
  public var summaryKeys: [String] { ["method"] }
  public var summaryMetrics: [String] { ["ap", "ap50", "ap75", "iou", "iou_before", "truth_lower", "step_factor", "train_seconds", "ms_per_box"] }

  /// Training time relative to NCE+ (ML-MCMC and DSM differentiate through the box pooling).
  static let relativeCost: [String: Double] = ["none": 0.01, "direct": 0.3, "ml-mcmc": 3, "dsm": 3]

  public func runs(seeds: [UInt64]) -> [StudyRun] {
    methods.flatMap { method in
      (method == "none" ? [seeds[0]] : seeds).map { seed in
        StudyRun([.init("method", method)], seed: seed, relativeCost: Self.relativeCost[method] ?? 1)
      }
    }
  }

  /// The pipeline a run trains: none for `none` (the detector's boxes as they are).
  public func pipelineSpecs(for run: StudyRun) -> [PipelineSpec] {
    let method = run["method"]!
    return method == "none" ? [] : [spec(method, seed: run.seed)]
  }

  /// The pipeline of a trained method.
  func spec(_ method: String, seed: UInt64) -> PipelineSpec {
    let task = ComponentReference("detection-photos", options: taskOptions)
    switch method {
    case "direct":
      return PipelineSpec(
        task: task, architecture: ComponentReference("box-regression"), objective: ComponentReference("energy"),
        epochs: epochs, seed: seed)
    case "iou-net":
      return PipelineSpec(task: task, objective: ComponentReference("iou-regression"), epochs: epochs, seed: seed)
    default:
      return PipelineSpec(task: task, objective: ComponentReference(method), epochs: epochs, seed: seed)
    }
  }

  public func execute(_ run: StudyRun, context: StudyContext) throws -> [StudyRecord] {
    let method = run["method"]!
    guard method != "none" else {
      guard let task = try context.registry.tasks.make(ComponentReference("detection-photos", options: taskOptions)) as? DetectionPhotosTask
      else { throw EBMError.incompatible("study detection needs the detection-photos task") }
      let scenes = try task.scenes(train: false)
      let (scores, iou) = DetectionPhotosTask.scores(scenes, boxes: scenes.map { $0.detections.map(\.box) })
      let metrics = [
        Metric("ap", 100 * scores.ap, .higherIsBetter), Metric("ap50", 100 * scores.ap50, .higherIsBetter),
        Metric("ap75", 100 * scores.ap75, .higherIsBetter), Metric("iou", iou, .higherIsBetter),
        Metric("iou_before", iou, .higherIsBetter), Metric("train_seconds", 0, .lowerIsBetter),
        Metric("ms_per_box", 0, .lowerIsBetter), Metric("truth_lower", nil, .higherIsBetter),
        Metric("step_factor", nil, .higherIsBetter),
      ]
      return [StudyRecord(labels: run.labels, seed: run.seed, metrics: metrics)]
    }
    let outcome = try context.trainAndEvaluate(spec(method, seed: run.seed), picturePrefix: "detection-\(method)-seed\(run.seed)")
    func value(_ name: String) -> Double { outcome.metrics.first { $0.name == name }?.value ?? .nan }
    context.log(
      "detection \(method) seed \(run.seed): AP \(String(format: "%.1f", value("ap"))) (before \(String(format: "%.1f", value("ap_before")))), IoU \(String(format: "%.3f", value("iou")))")
    return [StudyRecord(labels: run.labels, seed: run.seed, metrics: outcome.metrics)]
  }
}
