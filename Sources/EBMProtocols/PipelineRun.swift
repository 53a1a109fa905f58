import Foundation

/// What one pass of a pipeline through ``Pipeline/trainAndEvaluate(data:initialParameters:resume:checkpointing:progress:pictures:)``
/// gives: the data it made, the training result and the task's metrics (with `train_seconds`).
public struct PipelineRun: Sendable {
  /// The pipeline that ran.
  public var pipeline: Pipeline
  /// The data it trained and was evaluated on.
  public var data: TaskData
  /// The trained model, epoch losses, steps and seconds.
  public var training: TrainingResult
  /// The task's metrics of the trained model, then `train_seconds`.
  public var metrics: [Metric]
  /// The pictures drawn (empty when none were asked for).
  public var pictures: [URL]

  /// The trained model.
  public var model: TrainedEnergy { training.model }
}
