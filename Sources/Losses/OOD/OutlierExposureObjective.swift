import EBMProtocols
import Tensors

/// Outlier exposure (Hendrycks, Mazeika & Dietterich, "Deep Anomaly Detection with Outlier
/// Exposure", ICLR 2019): cross-entropy on the inliers plus λ times the cross-entropy from
/// the softmax on the auxiliary outliers to the uniform distribution:
///
/// ```
/// L = CE(f(x_in), y) + λ · (1/B_out) Σ_o [logΣ_k exp f_k(x_o) − (1/K) Σ_k f_k(x_o)]
/// ```
///
/// - Parameters:
///   - lambda: λ, 0.5 by default (the paper's and the reference code's value).
public struct OutlierExposureObjective: TrainingObjective {
  public var lambda: Float

  public init(lambda: Float = Options().lambda) { self.lambda = lambda }

  public var requirements: ObjectiveRequirements { [.labels, .outliers] }
  public var supportedFamilies: Set<EnergyFamily> { [.discrete] }

  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let (inliers, outliers, labels) = try context.inlierAndOutlierLogits(for: "oe")
    return ClassifierLosses.crossEntropy(logits: inliers, labels: labels)
      + lambda * ClassifierLosses.uniformCrossEntropy(logits: outliers)
  }
}
