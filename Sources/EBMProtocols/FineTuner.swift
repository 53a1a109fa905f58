import Tensors

/// Fine-tunes a trained model on new data with its pipeline's own objective, optimiser (fresh
/// moments), learning-rate schedule and batch size: test-time adaptation, as a tracker adapts
/// to its first frame (MDNet, Nam & Han, CVPR 2016, trains its box regressor on frame 1's
/// samples). A task receives one in its ``EvaluationContext`` and decides what to fine-tune on;
/// the objective stays the pipeline's, so every method adapts with the loss it was trained by.
public struct FineTuner: Sendable {
  let pipeline: Pipeline

  /// Fine-tunes with `pipeline`'s objective, optimiser, schedule and batch size.
  public init(pipeline: Pipeline) { self.pipeline = pipeline }

  /// `model` trained `epochs` further epochs on `data`, every draw from `seed` (the batch order
  /// and the objective's noise), so the result is fixed by it.
  ///
  /// - Throws: what training throws (``EBMError/nonFiniteLoss(step:lastFiniteLoss:)``, ...).
  public func fineTune(_ model: TrainedEnergy, on data: Dataset, epochs: Int, seed: UInt64) throws -> TrainedEnergy {
    guard epochs > 0, data.count > 0 else { return model }
    var tuning = pipeline
    tuning.epochs = epochs
    tuning.seed = seed
    return try Trainer(pipeline: tuning).train(data: TaskData(train: data, test: data), initialParameters: model.parameters).model
  }
}
