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
  /// The methods, in table order.
  public var methods: [BoxRefinementMethod]
  /// Epochs override (nil: the task's default).
  public var epochs: Int?
  /// Task options (scene counts, sizes, data seed).
  public var taskOptions: [String: OptionValue]

  public init(
    methods: [BoxRefinementMethod] = BoxRefinementMethod.defaultMethods, epochs: Int? = nil,
    taskOptions: [String: OptionValue] = [:]
  ) {
    self.methods = methods
    self.epochs = epochs
    self.taskOptions = taskOptions
  }

  public var defaultSeedCount: Int { 1 }
  public var summaryKeys: [String] { ["method"] }
  public var summaryMetrics: [String] { ["ap", "ap50", "ap75", "iou", "iou_before", "truth_lower", "step_factor", "train_seconds", "ms_per_box"] }

  /// `none` only scores the detector's boxes; `direct` trains a small head.
  public func runs(seeds: [UInt64]) -> [StudyRun] {
    BoxRefinementMethod.runs(methods, seeds: seeds, unrefinedCost: 0.01, directCost: 0.3)
  }

  /// The pipeline a run trains: none for `none` (the detector's boxes as they are).
  public func pipelineSpecs(for run: StudyRun) -> [PipelineSpec] {
    spec(BoxRefinementMethod(run), seed: run.seed).map { [$0] } ?? []
  }

  /// The pipeline of a method on `detection-photos` (`direct` on `box-regression`).
  func spec(_ method: BoxRefinementMethod, seed: UInt64) -> PipelineSpec? {
    method.pipelineSpec(
      task: ComponentReference("detection-photos", options: taskOptions), regressionArchitecture: "box-regression",
      epochs: epochs, seed: seed)
  }

  public func execute(_ run: StudyRun, context: StudyContext) throws -> [StudyRecord] {
    let method = BoxRefinementMethod(run)
    guard let spec = spec(method, seed: run.seed) else {
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
    let outcome = try context.trainAndEvaluate(spec, picturePrefix: "detection-\(method.rawValue)-seed\(run.seed)")
    func value(_ name: String) -> Double { outcome.metrics.first { $0.name == name }?.value ?? .nan }
    context.log(
      "detection \(method.rawValue) seed \(run.seed): AP \(String(format: "%.1f", value("ap"))) (before \(String(format: "%.1f", value("ap_before")))), IoU \(String(format: "%.3f", value("iou")))")
    return [StudyRecord(labels: run.labels, seed: run.seed, metrics: outcome.metrics)]
  }
}
