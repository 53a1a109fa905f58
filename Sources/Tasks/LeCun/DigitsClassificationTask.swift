import EBMProtocols
import Foundation
import Tensors

/// Handwritten digits (8 × 8, ten classes) as a discrete-label energy task, for LeCun et al.'s
/// loss catalogue: a seeded train/test split, accuracy of argmin_Y E(Y, X), and the energy
/// statistics that show whether a loss has collapsed the energy surface
/// (``LabelEnergyStatistics``).
///
/// Data: the 1797 digits of `Resources/digits.csv` (``HandwrittenDigits``), pixels scaled to [0, 1],
/// shuffled by the pipeline's data generator, the last `testFraction` held out for test.
/// Defaults: `rbf` architecture, `hinge` loss, Adam (lr 0.01), 30 epochs of batches of
/// 32 (enough for the energy loss to finish collapsing the RBF architecture: at 15 epochs its
/// energies had collapsed but accuracy was still 0.20, at 30 it is at chance).
///
/// Reference: LeCun et al., "A Tutorial on Energy-Based Learning" (2006).
public struct DigitsClassificationTask: LearningTask {
  /// Fraction of the digits held out for test. Default 0.2.
  public var testFraction: Double

  public init(testFraction: Double = Options().testFraction) {
    precondition(testFraction > 0 && testFraction < 1, "DigitsClassificationTask: testFraction must be in (0, 1)")
    self.testFraction = testFraction
  }

  public static let labelCount = 10

  public var energyKind: EnergyKind { .discrete(inputShape: [64], labelCount: DigitsClassificationTask.labelCount) }

  public var defaults: TaskDefaults {
    TaskDefaults(
      architecture: ComponentReference("rbf"), objective: ComponentReference("hinge"),
      optimizer: ComponentReference("adam", options: ["lr": .double(0.01)]), epochs: 30, batchSize: 32)
  }

  public func makeData(using rng: inout RandomGenerator) throws -> TaskData {
    let digits = try HandwrittenDigits.load()
    let x = Tensor(shape: [digits.count, 64], scalars: digits.pixels)
    let all = Dataset(x: x, labels: digits.labels)
    let order = rng.permutation(digits.count)
    let testCount = Int((Double(digits.count) * testFraction).rounded())
    return TaskData(train: all.subset(Array(order.dropLast(testCount))), test: all.subset(Array(order.suffix(testCount))))
  }

  /// `test_accuracy`, `train_accuracy`, `energy_gap`, `energy_spread`, `energy_scale`,
  /// `collapsed` (1 or 0), all on the test set except the training accuracy.
  public func evaluate(_ model: TrainedEnergy, on data: TaskData, context: inout EvaluationContext) throws -> [Metric] {
    let test = try statistics(model, data.test)
    let train = try statistics(model, data.train)
    return [
      Metric("test_accuracy", test.accuracy, .higherIsBetter),
      Metric("train_accuracy", train.accuracy, .higherIsBetter),
      Metric("energy_gap", test.energyGap, .higherIsBetter),
      Metric("energy_spread", test.energySpread, .higherIsBetter),
      Metric("energy_scale", test.energyScale, .lowerIsBetter),
      Metric("collapsed", test.collapsed ? 1 : 0, .lowerIsBetter),
    ]
  }

  /// The energy statistics of `model` on `set`.
  public func statistics(_ model: TrainedEnergy, _ set: Dataset) throws -> LabelEnergyStatistics {
    guard let x = set.x, let labels = set.labels else { throw EBMError.invalid("the digits data has no inputs or labels") }
    let energies = model.labelTable(x: x, labelCount: DigitsClassificationTask.labelCount)
    guard energies.scalars.allSatisfy(\.isFinite) else {
      throw EBMError.invalid("the trained energy is not finite on the test digits; help: lower the learning rate")
    }
    return LabelEnergyStatistics(energies: energies.scalars, labels: labels, labelCount: DigitsClassificationTask.labelCount)
  }
}
