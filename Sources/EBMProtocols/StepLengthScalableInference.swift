import Tensors

/// An inference that takes steps in y, whose step lengths can be scaled by one factor: what a
/// task needs to choose the step length on validation data (e.g. box refinement, where the
/// paper's λ was tuned for another network and data set).
public protocol StepLengthScalableInference: EnergyInference {
  /// The same inference with every step length multiplied by `factor` (> 0).
  func scalingStepLengths(by factor: Double) -> Self
}
