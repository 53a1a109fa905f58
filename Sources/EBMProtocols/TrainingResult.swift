/// What training returns: the trained model, the loss curve and the time it took.
public struct TrainingResult: Sendable {
  public var model: TrainedEnergy
  /// Mean training loss of each epoch.
  public var epochLosses: [Double]
  /// Optimizer steps taken.
  public var steps: Int
  /// Wall-clock seconds spent in training steps.
  public var seconds: Double
}
