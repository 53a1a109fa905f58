import EBMProtocols
import Foundation

/// The collapse study of LeCun et al.'s tutorial on handwritten digits: every loss of the
/// catalogue with the collapsing RBF architecture and with a classifier's logits, plus the
/// energy loss on the regression energy (one-hot Y), each reporting test accuracy, the energy
/// gap E(Ȳ) − E(Yⁱ), the spread of energies across labels and a collapsed verdict
/// (``LabelEnergyStatistics``).
///
/// The quality bar the slides state: with `rbf`, `energy` and `perceptron` collapse (accuracy
/// near chance, energies nearly equal) while `hinge`, `log`, `square-square`,
/// `square-exponential`, `mce` and `nll` reach ≥ 90 % test accuracy; the energy loss on the
/// regression energy does not collapse. ``finish(_:context:)`` prints that check.
public struct LeCunStudy: PipelineStudy {
  public static let allLosses = [
    "energy", "perceptron", "hinge", "log", "lvq2", "mce", "square-square", "square-exponential", "nll",
  ]
  public static let allArchitectures = ["rbf", "logits-mlp", "regression-energy", "latent-rbf"]

  /// Losses run with every architecture except the regression energy.
  public var losses: [String]
  /// Architectures (`regression-energy` runs `regressionLosses` only).
  public var architectures: [String]
  /// Losses run with the regression energy. Default: the energy loss.
  public var regressionLosses: [String]
  /// Epochs per run (`nil`: the task's default).
  public var epochs: Int?
  public var defaultSeedCount: Int

  public init(
    losses: [String] = Options().losses, architectures: [String] = Options().architectures,
    regressionLosses: [String] = Options().regressionLosses, epochs: Int? = nil, defaultSeedCount: Int = 3
  ) {
    self.losses = losses
    self.architectures = architectures
    self.regressionLosses = regressionLosses
    self.epochs = epochs
    self.defaultSeedCount = defaultSeedCount
  }

  public var summaryKeys: [String] { ["loss", "architecture"] }
  public var summaryMetrics: [String] { ["test_accuracy", "energy_gap", "energy_spread", "collapsed"] }

  public func runs(seeds: [UInt64]) -> [StudyRun] {
    var cells: [(String, String)] = []
    for architecture in architectures {
      let names = architecture == "regression-energy" ? regressionLosses : losses
      for loss in names { cells.append((loss, architecture)) }
    }
    return seeds.flatMap { seed in
      cells.map { StudyRun([.init("loss", $0.0), .init("architecture", $0.1)], seed: seed) }
    }
  }

  /// The run's pipeline: the digits task, the architecture and the loss as objective.
  public func pipelineSpecs(for run: StudyRun) -> [PipelineSpec] {
    [
      PipelineSpec(
        task: ComponentReference("digits"), architecture: ComponentReference(run["architecture"] ?? "rbf"),
        objective: ComponentReference(run["loss"] ?? "energy"), epochs: epochs, seed: run.seed)
    ]
  }

  public func execute(_ run: StudyRun, context: StudyContext) throws -> [StudyRecord] {
    let loss = run["loss"] ?? "energy"
    let architecture = run["architecture"] ?? "rbf"
    let spec = pipelineSpecs(for: run)[0]
    do {
      let result = try context.trainAndEvaluate(spec, picturePrefix: "\(loss)-\(architecture)-seed\(run.seed)-")
      var series: [String: [Double]] = [:]
      if run.seed == 0 { series["label_energy"] = try Self.meanEnergyPerLabel(result.model, pipeline: result.pipeline) }
      return [
        StudyRecord(
          labels: run.labels, seed: run.seed, metrics: result.metrics + [Metric("diverged", 0, .lowerIsBetter)], series: series)
      ]
    } catch let error as EBMError {
      // A loss that drives the energy to ±∞ (e.g. the energy loss on logits, unbounded below)
      // is a result of the study, not a failure of it: record it and go on.
      if case .nonFiniteLoss = error {} else if case .nonFiniteParameter = error {} else if case .invalid = error {} else {
        throw error
      }
      context.log("  \(loss) with \(architecture): \(error)")
      let empty = summaryMetrics.map { Metric($0, nil, .higherIsBetter) }
      return [StudyRecord(labels: run.labels, seed: run.seed, metrics: empty + [Metric("diverged", 1, .lowerIsBetter)])]
    }
  }

  /// The quality bar, checked on the records' mean over seeds.
  public func finish(_ records: [StudyRecord], context: StudyContext) throws -> [String] {
    func mean(_ loss: String, _ architecture: String, _ metric: String) -> Double? {
      let values = records.filter { $0.label("loss") == loss && $0.label("architecture") == architecture }
        .compactMap { $0.value(metric) }
      return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
    func show(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "n/a" }
    var lines = ["", "Quality bar (LeCun et al. 2006):"]
    for loss in ["energy", "perceptron"] where records.contains(where: { $0.label("loss") == loss && $0.label("architecture") == "rbf" }) {
      let collapsed = mean(loss, "rbf", "collapsed")
      let verdict = (collapsed ?? 0) >= 0.5 ? "collapses (as expected)" : "does NOT collapse (expected collapse)"
      lines.append("  \(loss) + rbf: \(verdict); accuracy \(show(mean(loss, "rbf", "test_accuracy")))")
    }
    for loss in ["hinge", "log", "square-square", "square-exponential", "mce", "nll"]
    where records.contains(where: { $0.label("loss") == loss && $0.label("architecture") == "rbf" }) {
      let accuracy = mean(loss, "rbf", "test_accuracy")
      let verdict = (accuracy ?? 0) >= 0.9 ? "≥ 90 % (as expected)" : "below 90 % (expected ≥ 90 %)"
      lines.append("  \(loss) + rbf: accuracy \(show(accuracy)) \(verdict)")
    }
    if records.contains(where: { $0.label("loss") == "energy" && $0.label("architecture") == "regression-energy" }) {
      let collapsed = mean("energy", "regression-energy", "collapsed")
      let verdict = (collapsed ?? 1) < 0.5 ? "does not collapse (as expected)" : "collapses (expected no collapse)"
      lines.append("  energy + regression-energy: \(verdict); accuracy \(show(mean("energy", "regression-energy", "test_accuracy")))")
    }
    return lines
  }
}
