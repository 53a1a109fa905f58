import EBMProtocols
import Foundation
import Tensors

/// `ebm study ood`: energy-based OOD detection on the long-tailed digits split (Choi et al.,
/// CVPR 2023, with the baselines of Hendrycks et al. 2017/2019 and Liu et al. 2020).
///
/// Per seed, the classifier is pretrained once with cross-entropy (SGD Nesterov 0.9, weight
/// decay 5e-4, lr 0.05, batch 32, 100 epochs, cosine per batch) and memoised; the score-only
/// methods (`msp`, `energy-score`, `max-logit`) evaluate it as is, and the fine-tuning methods
/// (`oe`, `energy-oe`, `balanced`, `balanced-weight-only`) start from the same weights (lr
/// 0.01, 50 epochs, 32 ID + 64 outliers per step, cosine). OE is scored with MSP (its paper's
/// score), the energy fine-tunes with the energy score (T = 1).
///
/// Records: one per (method, seed, OOD set) with `auroc`, `ap`, `fpr95`, `fpr95_min` (percent)
/// and `id_accuracy` (percent). ``finish(_:context:)`` adds a table per OOD set and the paired
/// per-seed difference balanced − energy-oe. Pictures (seed 0): SVG histograms of the free
/// energy of the ID test set against each OOD set, for the pretrained model and per fine-tune.
public struct OODStudy: PipelineStudy {
  /// Every method, in display order.
  public static let allMethods = ["msp", "energy-score", "max-logit", "oe", "energy-oe", "balanced", "balanced-weight-only"]

  public var methods: [String]
  /// Pretraining and fine-tuning epochs (100 and 50 by default; smaller in tests).
  public var pretrainEpochs: Int
  public var finetuneEpochs: Int
  /// Architecture options (width, depth).
  public var architecture: ComponentReference

  public init(
    methods: [String] = Options().methods, pretrainEpochs: Int = Options().pretrainEpochs,
    finetuneEpochs: Int = Options().finetuneEpochs, architecture: ComponentReference = ComponentReference(Options().architecture.rawValue)
  ) {
    self.methods = methods
    self.pretrainEpochs = pretrainEpochs
    self.finetuneEpochs = finetuneEpochs
    self.architecture = architecture
  }

  public var defaultSeedCount: Int { 5 }
  public var summaryKeys: [String] { ["method", "ood_set"] }
  public var summaryMetrics: [String] { ["id_accuracy", "auroc", "ap", "fpr95"] }

  public func runs(seeds: [UInt64]) -> [StudyRun] {
    seeds.flatMap { seed in methods.map { StudyRun([.init("method", $0)], seed: seed) } }
  }

  static func score(for method: String) -> OODScore {
    switch method {
    case "msp", "oe": .msp
    case "max-logit": .maxLogit
    default: .energy(temperature: 1)
    }
  }

  func taskReference(score: OODScore) -> ComponentReference {
    ComponentReference("ood-digits", options: ["score": .string(score.name)])
  }

  /// The classifier pretrained with cross-entropy, which every method of a seed starts from.
  func pretrainingSpec(seed: UInt64) -> PipelineSpec {
    PipelineSpec(
      task: taskReference(score: .energy(temperature: 1)), architecture: architecture,
      objective: ComponentReference("cross-entropy"), epochs: pretrainEpochs, seed: seed)
  }

  /// The pipeline that scores a method: the pretrained classifier as is (`msp`, `energy-score`,
  /// `max-logit`), or fine-tuned with the method as objective.
  func methodSpec(_ method: String, seed: UInt64) -> PipelineSpec {
    let score = OODStudy.score(for: method)
    if OODStudy.scoringMethods.contains(method) {
      return PipelineSpec(task: taskReference(score: score), architecture: architecture, epochs: 0, seed: seed)
    }
    return PipelineSpec(
      task: taskReference(score: score), architecture: architecture, objective: ComponentReference(method),
      optimizer: ComponentReference(
        "sgd", options: ["lr": .double(0.01), "momentum": .double(0.9), "nesterov": .bool(true), "weight-decay": .double(5e-4)]),
      schedule: .cosine(minimum: 1e-6), epochs: finetuneEpochs, batchSize: 32, outlierBatchSize: 64, seed: seed)
  }

  /// Methods that score the pretrained classifier without fine-tuning.
  static let scoringMethods = ["msp", "energy-score", "max-logit"]

  /// Pretraining, then the method's pipeline.
  public func pipelineSpecs(for run: StudyRun) -> [PipelineSpec] {
    [pretrainingSpec(seed: run.seed), methodSpec(run["method"] ?? "energy-score", seed: run.seed)]
  }

  public func execute(_ run: StudyRun, context: StudyContext) throws -> [StudyRecord] {
    let method = run["method"] ?? "energy-score"
    let seed = run.seed
    let pretrained: ParameterSet = try context.memoized("ood-pretrained-\(seed)-\(pretrainEpochs)-\(architecture)") {
      context.log("  pretraining the classifier (seed \(seed))")
      return try context.trainAndEvaluate(pretrainingSpec(seed: seed)).model.parameters
    }
    // Pictures for seed 0; msp and max-logit share the pretrained model (and its energy
    // histograms) with energy-score, so only energy-score draws them (as `pretrained-`).
    let drawsPictures = context.drawPictures && seed == 0 && !["msp", "max-logit"].contains(method)
    let prefix = drawsPictures ? (method == "energy-score" ? "pretrained-" : "\(method)-") : nil
    let metrics: [Metric]
    var figureData: (model: TrainedEnergy, data: TaskData)?
    if OODStudy.scoringMethods.contains(method) {
      let spec = methodSpec(method, seed: seed)
      let pipeline = try context.registry.makePipeline(spec)
      let data = try pipeline.makeData()
      let model = TrainedEnergy(energy: pipeline.energy, parameters: pretrained)
      var evaluation = EvaluationContext(rng: pipeline.rootGenerator.forked(stream: Pipeline.Stream.evaluation))
      metrics = try pipeline.task.evaluate(model, on: data, context: &evaluation)
      if seed == 0 { figureData = (model, data) }
      if let prefix {
        _ = try pipeline.task.drawPictures(
          model, data: data, context: &evaluation, into: context.outputDirectory, prefix: prefix)
      }
    } else {
      let spec = methodSpec(method, seed: seed)
      let outcome = try context.trainAndEvaluate(spec, picturePrefix: prefix, initialParameters: pretrained)
      metrics = outcome.metrics
      if seed == 0 { figureData = (outcome.model, try outcome.pipeline.makeData()) }
    }
    let series = try figureData.map { try Self.figureSeries($0.model, data: $0.data, score: OODStudy.score(for: method)) } ?? [:]
    func value(_ name: String) -> Double? { metrics.first { $0.name == name }?.value ?? nil }
    let accuracy = value("id_accuracy").map { $0 * 100 }
    return OODDigitsTask.oodSets.map { set in
      StudyRecord(
        labels: [.init("method", method), .init("ood_set", set.name)], seed: seed,
        metrics: [
          Metric("id_accuracy", accuracy, .higherIsBetter),
          Metric("auroc", value("\(set.name).auroc").map { $0 * 100 }, .higherIsBetter),
          Metric("ap", value("\(set.name).ap").map { $0 * 100 }, .higherIsBetter),
          Metric("fpr95", value("\(set.name).fpr95").map { $0 * 100 }, .lowerIsBetter),
          Metric("fpr95_min", value("\(set.name).fpr95_min").map { $0 * 100 }, .lowerIsBetter),
          Metric("train_seconds", value("train_seconds"), .lowerIsBetter),
        ], series: series[set.name] ?? [:])
    }
  }

  /// A table per OOD set (methods as rows) and the paired per-seed difference balanced − energy-oe.
  public func finish(_ records: [StudyRecord], context: StudyContext) throws -> [String] {
    var lines: [String] = []
    for set in OODDigitsTask.oodSets {
      let subset = records.filter { $0.label("ood_set") == set.name }
      guard !subset.isEmpty else { continue }
      lines.append("")
      lines.append("OOD set \(set.name) (percent, mean ± std over seeds):")
      lines.append(StudyRunner.summaryTable(subset, keys: ["method"], metrics: ["id_accuracy", "auroc", "ap", "fpr95", "fpr95_min"]))
    }
    let paired = OODStudy.pairedDifferences(records, treatment: "balanced", control: "energy-oe")
    if !paired.isEmpty {
      lines.append("")
      lines.append("Paired per-seed difference balanced − energy-oe (mean ± std over seeds):")
      lines.append(StudyRunner.formatTable([["ood_set", "Δauroc", "Δap", "Δfpr95", "seeds"]] + paired))
    }
    return lines
  }

  /// Rows (ood_set, Δauroc, Δap, Δfpr95, seeds) of treatment − control over the seeds both have.
  static func pairedDifferences(_ records: [StudyRecord], treatment: String, control: String) -> [[String]] {
    var rows: [[String]] = []
    for set in OODDigitsTask.oodSets {
      func bySeed(_ method: String) -> [UInt64: StudyRecord] {
        var out: [UInt64: StudyRecord] = [:]
        for r in records where r.label("method") == method && r.label("ood_set") == set.name { out[r.seed] = r }
        return out
      }
      let a = bySeed(treatment)
      let b = bySeed(control)
      let seeds = a.keys.filter { b[$0] != nil }.sorted()
      guard !seeds.isEmpty else { continue }
      var row = [set.name]
      for metric in ["auroc", "ap", "fpr95"] {
        let diffs = seeds.compactMap { s -> Double? in
          guard let x = a[s]!.value(metric), let y = b[s]!.value(metric) else { return nil }
          return x - y
        }
        row.append(StudyRunner.formatStatistic(diffs))
      }
      row.append("\(seeds.count)")
      rows.append(row)
    }
    return rows
  }
}
