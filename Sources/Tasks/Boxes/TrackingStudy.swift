import EBMProtocols
import Foundation
import Tensors

/// `ebm study tracking`: the box heads inside one tracker (``BoxTracker``: coarse position by
/// template correlation, then refinement of the coarse box and 9 jittered ones, the best 3
/// averaged) on the test videos of ``TrackingPhotosTask``, compared as Gustafsson et al.
/// (BMVC 2020, §4.3) compare them: no refinement (`none`, the coarse box), a direct regression
/// head trained by L2 (`direct`, `box-regression-modulated`), IoU regression refined by gradient
/// ascent (`iou-net`), and the modulated box energy trained by each objective of the 1-D study
/// (`nce+`, `nce`, `ml-is`, `kld-is`, `ml-mcmc`, `dsm`). Each trained method's refinement step
/// is chosen on validation videos (``TrackingPhotosTask/chooseStepLength(_:inference:fineTuner:using:)``)
/// before it tracks the test videos, each video with the energy adapted to its frame 1 by the
/// method's own objective (``TrackingPhotosTask/adapted(_:frame:box:fineTuner:using:)``). Table: AUC, OP50, OP75, precision at
/// 20 px, normalised precision (percent), frames per second, training seconds; figures: the
/// success and precision plots, one curve per method (mean over seeds).
public struct TrackingStudy: PipelineStudy {
  /// The methods, in table order.
  public var methods: [BoxRefinementMethod]
  /// Epochs override (nil: the task's default).
  public var epochs: Int?
  /// Task options (video counts, sizes, data seed).
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
  public var summaryMetrics: [String] {
    [
      "auc", "op50", "op75", "precision", "norm_precision", "fps", "size_ratio", "pair_iou", "pair_iou_before", "truth_lower",
      "truth_lower_train", "validation_rank_correlation", "step_factor", "validation_auc", "train_seconds",
    ]
  }

  /// `none` runs the tracker without training; `direct` trains a small head.
  public func runs(seeds: [UInt64]) -> [StudyRun] {
    BoxRefinementMethod.runs(methods, seeds: seeds, unrefinedCost: 0.05, directCost: 0.4)
  }

  /// The pipeline a run trains: none for `none` (the coarse boxes as they are).
  public func pipelineSpecs(for run: StudyRun) -> [PipelineSpec] {
    spec(BoxRefinementMethod(run), seed: run.seed).map { [$0] } ?? []
  }

  /// The pipeline of a method on `tracking-photos` (`direct` on `box-regression-modulated`);
  /// its evaluation skips the tracker, which the study runs itself to keep the curves.
  func spec(_ method: BoxRefinementMethod, seed: UInt64) -> PipelineSpec? {
    var options = taskOptions
    options["track"] = .bool(false)
    return method.pipelineSpec(
      task: ComponentReference("tracking-photos", options: options), regressionArchitecture: "box-regression-modulated",
      epochs: epochs, seed: seed)
  }

  public func execute(_ run: StudyRun, context: StudyContext) throws -> [StudyRecord] {
    let method = BoxRefinementMethod(run)
    let tracked: TrackingRun
    var metrics: [Metric]
    if let spec = spec(method, seed: run.seed) {
      let outcome = try context.trainAndEvaluate(spec, picturePrefix: "tracking-\(method.rawValue)-seed\(run.seed)")
      guard let task = outcome.pipeline.task as? TrackingPhotosTask, let inference = outcome.pipeline.evaluationInference else {
        throw EBMError.incompatible("study tracking needs the tracking-photos task and its refinement inference")
      }
      let evaluation = outcome.pipeline.rootGenerator.forked(stream: Pipeline.Stream.evaluation)
      let fineTuner = FineTuner(pipeline: outcome.pipeline)
      let chosen = try task.chooseStepLength(
        outcome.model, inference: inference, fineTuner: fineTuner, using: evaluation.forked(stream: 1 << 21))
      tracked = try task.trackTestVideos(.energy(outcome.model, chosen.inference), fineTuner: fineTuner, using: evaluation)
      metrics =
        outcome.metrics + [
          Metric("step_factor", chosen.factor, .higherIsBetter), Metric("validation_auc", chosen.validationAUC, .higherIsBetter),
        ]
    } else {
      guard let task = try context.registry.tasks.make(ComponentReference("tracking-photos", options: taskOptions)) as? TrackingPhotosTask
      else { throw EBMError.incompatible("study tracking needs the tracking-photos task") }
      tracked = try task.trackTestVideos(.none, using: RandomGenerator(seed: run.seed).forked(stream: Pipeline.Stream.evaluation))
      metrics = [
        Metric("truth_lower", nil, .higherIsBetter), Metric("truth_lower_train", nil, .higherIsBetter),
        Metric("pair_iou", nil, .higherIsBetter),
        Metric("pair_iou_before", nil, .higherIsBetter), Metric("train_seconds", 0, .lowerIsBetter),
        Metric("step_factor", nil, .higherIsBetter), Metric("validation_auc", nil, .higherIsBetter),
      ]
    }
    metrics = tracked.metrics() + metrics
    let scores = tracked.scores
    context.log(
      "tracking \(method.rawValue) seed \(run.seed): AUC \(String(format: "%.1f", scores.auc)), precision \(String(format: "%.1f", scores.precision)), \(String(format: "%.0f", tracked.framesPerSecond ?? 0)) fps")
    return [
      StudyRecord(
        labels: run.labels, seed: run.seed, metrics: metrics,
        series: ["success": scores.successCurve, "precision": scores.precisionCurve])
    ]
  }
}
