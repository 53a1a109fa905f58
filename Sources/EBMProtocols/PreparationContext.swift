import Tensors

/// What an objective may look at once before training (e.g. the balanced energy loss reads
/// the pretrained classifier's predictions on the auxiliary outliers).
public struct PreparationContext: Sendable {
  /// The model at the start of training (initial or pretrained parameters).
  public var model: TrainedEnergy
  /// The task's data.
  public var data: TaskData
  /// A generator for the preparation's own draws.
  public var rng: RandomGenerator

  public init(model: TrainedEnergy, data: TaskData, rng: RandomGenerator) {
    self.model = model
    self.data = data
    self.rng = rng
  }
}
