import EBMProtocols
import Foundation
import Tensors

/// Evaluating a trained model the way studies do: the task's metrics, drawn from the
/// pipeline's evaluation stream, so `ebm eval` of a checkpoint reproduces the metrics
/// `ebm train` printed.
enum Evaluation {
  static func context(_ pipeline: Pipeline, trainSeconds: Double?) -> EvaluationContext {
    EvaluationContext(
      rng: pipeline.rootGenerator.forked(stream: Pipeline.Stream.evaluation), sampler: pipeline.evaluationSampler,
      trainSeconds: trainSeconds, inference: pipeline.evaluationInference)
  }

  /// The task's metrics of `model` on `data`.
  static func metrics(_ pipeline: Pipeline, model: TrainedEnergy, data: TaskData, trainSeconds: Double?) throws -> [Metric] {
    var context = context(pipeline, trainSeconds: trainSeconds)
    return try pipeline.task.evaluate(model, on: data, context: &context)
  }

  /// The task's pictures of `model` into `directory`, named after the task.
  static func pictures(_ pipeline: Pipeline, model: TrainedEnergy, data: TaskData, into directory: URL) throws -> [URL] {
    var context = context(pipeline, trainSeconds: nil)
    return try pipeline.task.drawPictures(
      model, data: data, context: &context, into: directory, prefix: pipeline.spec.task.name)
  }
}
