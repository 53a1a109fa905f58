import EBMProtocols
import Foundation
import Tensors

/// Energy-based OOD detection on the fixed long-tailed digits split (`ood-digits`): a
/// 6-class classifier of digits 0–5 (imbalance ratio 10) trained with auxiliary outliers
/// (digits 6/7), tested on near-OOD digits 8/9, natural-image patches and uniform noise.
/// Inputs are pixel / 16.
///
/// Metrics: `id_accuracy`, and per OOD set S (`digits89`, `patches`, `noise`): `S.auroc`,
/// `S.ap` (OOD positive), `S.fpr95` (ID positive, energy_ood convention: worst FPR at the
/// TPR closest to 95 %) and `S.fpr95_min` (the best FPR there), for the chosen ``OODScore``.
public struct OODDigitsTask: LearningTask {
  /// The score used for detection.
  public var score: OODScore
  /// Where the CSV files are (default: the copy shipped in the package).
  public var directory: URL

  /// The OOD test sets, in display order (file, name).
  public static let oodSets: [(file: String, name: String)] = [
    ("test_ood_digits89", "digits89"), ("test_ood_patches", "patches"), ("test_ood_noise", "noise"),
  ]

  public init(score: OODScore = .energy(temperature: 1), directory: URL? = nil) {
    self.score = score
    self.directory = directory ?? OODDigitsTask.bundledDirectory
  }

  /// The split shipped inside the package.
  public static var bundledDirectory: URL {
    // The `Resources` folder is copied whole; where the bundle's resource root sits differs by
    // platform, so look in both places.
    Bundle.module.url(forResource: "ood-digits", withExtension: nil, subdirectory: "Resources")
      ?? Bundle.module.url(forResource: "ood-digits", withExtension: nil)
      ?? Bundle.module.bundleURL.appendingPathComponent("Resources").appendingPathComponent("ood-digits")
  }

  public var energyKind: EnergyKind { .discrete(inputShape: [64], labelCount: 6) }

  /// Pretraining settings of the study: SGD (Nesterov 0.9, weight decay 5e-4, lr 0.05),
  /// batch 32, 100 epochs, cosine schedule per batch; 64 outliers per step when fine-tuning.
  public var defaults: TaskDefaults {
    TaskDefaults(
      architecture: ComponentReference("mlp-classifier"), objective: ComponentReference("cross-entropy"),
      optimizer: ComponentReference(
        "sgd", options: ["lr": .double(0.05), "momentum": .double(0.9), "nesterov": .bool(true), "weight-decay": .double(5e-4)]),
      schedule: .cosine(minimum: 1e-6), epochs: 100, batchSize: 32, outlierBatchSize: 64)
  }

  public func makeData(using rng: inout RandomGenerator) throws -> TaskData {
    func load(_ name: String) throws -> Dataset {
      try DigitsCSVReader.read(directory.appendingPathComponent(name + ".csv")).dataset(scale: 1 / 16)
    }
    return TaskData(
      train: try load("train_id"), test: try load("test_id"), outliers: try load("train_aux_ood"),
      extra: try OODDigitsTask.oodSets.map { ($0.name, try load($0.file)) })
  }

  /// ID accuracy and, per OOD set, AUROC, AP, FPR95 and FPR95-min of `score`.
  public func evaluate(_ model: TrainedEnergy, on data: TaskData, context: inout EvaluationContext) throws -> [Metric] {
    guard let testEnergies = model.labelEnergies(x: data.test.x!) else {
      throw EBMError.incompatible("task 'ood-digits' needs a label energy (a classifier), got \(model.energy.kind)")
    }
    let predictions = testEnergies.argmin(alongAxis: 1)
    let labels = data.test.labels ?? []
    let correct = zip(predictions, labels).filter { $0 == $1 }.count
    var metrics = [Metric("id_accuracy", Double(correct) / Double(max(labels.count, 1)), .higherIsBetter)]
    let inlier = score.scores(labelEnergies: testEnergies)
    for (name, set) in data.extra {
      let outlier = score.scores(labelEnergies: model.labelEnergies(x: set.x!)!)
      let fpr = try OODMetrics.fprAtRecall(inlier: inlier, outlier: outlier)
      metrics += [
        Metric("\(name).auroc", try OODMetrics.auroc(inlier: inlier, outlier: outlier), .higherIsBetter),
        Metric("\(name).ap", try OODMetrics.averagePrecision(inlier: inlier, outlier: outlier), .higherIsBetter),
        Metric("\(name).fpr95", fpr.worst, .lowerIsBetter),
        Metric("\(name).fpr95_min", fpr.best, .lowerIsBetter),
      ]
    }
    return metrics
  }

  /// Free-energy histograms (T = 1) of the ID test set against each OOD set, one SVG per set.
  public func drawPictures(
    _ model: TrainedEnergy, data: TaskData, context: inout EvaluationContext, into directory: URL, prefix: String
  ) throws -> [URL] {
    let energy = OODScore.energy(temperature: 1)
    let inlier = energy.scores(labelEnergies: model.labelEnergies(x: data.test.x!)!)
    var urls: [URL] = []
    for (name, set) in data.extra {
      let outlier = energy.scores(labelEnergies: model.labelEnergies(x: set.x!)!)
      let url = directory.appendingPathComponent("\(prefix)energy-\(name).svg")
      try EnergyHistogram.svg(
        inlier: inlier, outlier: outlier, title: "\(prefix.trimmingCharacters(in: CharacterSet(charactersIn: "-_ "))): free energy, ID test vs \(name)", outlierName: name
      ).write(to: url)
      urls.append(url)
    }
    return urls
  }
}
