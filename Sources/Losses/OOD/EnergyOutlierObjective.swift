import EBMProtocols
import Tensors

/// Energy-bounded fine-tuning with outliers, "EnergyOE" (Liu, Wang, Owens & Li, "Energy-based
/// Out-of-distribution Detection", NeurIPS 2020, eq. 7): cross-entropy plus squared hinges
/// that push inlier free energies below m_in and outlier free energies above m_out:
///
/// ```
/// E(x) = −logΣ_k exp f_k(x)
/// L = CE(f(x_in), y) + w · [ (1/B) Σ_i relu(E(x_i) − m_in)² + (1/B_out) Σ_o relu(m_out − E(x_o))² ]
/// ```
///
/// - Parameters:
///   - weight: w, 0.1 (the reference code's value).
///   - inlierMargin: m_in, −18 by default here (the study's small classifier; the paper uses
///     −23 / −25 for CIFAR WideResNets).
///   - outlierMargin: m_out, −3 by default here (−5 / −7 in the paper).
public struct EnergyOutlierObjective: TrainingObjective {
  public var weight: Float
  public var inlierMargin: Float
  public var outlierMargin: Float

  public init(
    weight: Float = Options().weight, inlierMargin: Float = Options().inlierMargin,
    outlierMargin: Float = Options().outlierMargin
  ) {
    self.weight = weight
    self.inlierMargin = inlierMargin
    self.outlierMargin = outlierMargin
  }

  public var requirements: ObjectiveRequirements { [.labels, .outliers] }
  public var supportedFamilies: Set<EnergyFamily> { [.discrete] }

  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let (inliers, outliers, labels) = try context.inlierAndOutlierLogits(for: "energy-oe")
    let inEnergy = ClassifierLosses.freeEnergy(logits: inliers)
    let outEnergy = ClassifierLosses.freeEnergy(logits: outliers)
    let outlierHinge = (outlierMargin - outEnergy).relu().squared().mean()
    return ClassifierLosses.crossEntropy(logits: inliers, labels: labels)
      + weight * (ClassifierLosses.inlierHinge(energies: inEnergy, margin: inlierMargin) + outlierHinge)
  }
}
