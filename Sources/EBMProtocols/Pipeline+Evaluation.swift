import Foundation
import Tensors

/// Training and evaluating a pipeline: the one path `ebm train`, `ebm eval` and every study
/// take, so a study's metrics are the ones `ebm train` of the same pipeline prints and
/// `ebm eval` of its checkpoint reproduces.
extension Pipeline {
  /// The evaluation context: the pipeline's evaluation stream, evaluation sampler, inference
  /// and fine-tuner.
  public func evaluationContext(trainSeconds: Double? = nil) -> EvaluationContext {
    EvaluationContext(
      rng: rootGenerator.forked(stream: Stream.evaluation), sampler: evaluationSampler, trainSeconds: trainSeconds,
      inference: evaluationInference, fineTuner: FineTuner(pipeline: self))
  }

  /// The task's metrics of `model` on `data`, drawn from the evaluation stream.
  public func evaluate(_ model: TrainedEnergy, on data: TaskData, trainSeconds: Double? = nil) throws -> [Metric] {
    var context = evaluationContext(trainSeconds: trainSeconds)
    return try task.evaluate(model, on: data, context: &context)
  }

  /// The task's pictures of `model` into `directory`, their names starting with `prefix`. They
  /// draw from a fresh evaluation stream, so they show the draws the metrics were computed on.
  public func drawPictures(_ model: TrainedEnergy, data: TaskData, into directory: URL, prefix: String) throws -> [URL] {
    var context = evaluationContext()
    return try task.drawPictures(model, data: data, context: &context, into: directory, prefix: prefix)
  }

  /// Makes the data (unless given), trains, evaluates and optionally draws the pictures.
  ///
  /// - Parameters:
  ///   - data: the task's data, when the caller already made it (`makeData()` otherwise).
  ///   - initialParameters, resume, checkpointing, progress: as ``Trainer/train(data:initialParameters:resume:stopAfterStep:checkpointing:progress:)``.
  ///   - pictures: where the task's pictures go and their name prefix (`nil`: none).
  /// - Returns: the data, the training result and the metrics, `train_seconds` last.
  /// - Throws: what making the data, training and evaluating throw.
  public func trainAndEvaluate(
    data: TaskData? = nil, initialParameters: ParameterSet? = nil, resume: Checkpoint? = nil,
    checkpointing: Trainer.Checkpointing? = nil, progress: (@Sendable (TrainingEvent) -> Void)? = nil,
    pictures: (directory: URL, prefix: String)? = nil
  ) throws -> PipelineRun {
    let data = try data ?? makeData()
    let training = try Trainer(pipeline: self).train(
      data: data, initialParameters: initialParameters, resume: resume, checkpointing: checkpointing, progress: progress)
    var metrics = try evaluate(training.model, on: data, trainSeconds: training.seconds)
    metrics.append(Metric("train_seconds", training.seconds, .lowerIsBetter))
    let drawn = try pictures.map { try drawPictures(training.model, data: data, into: $0.directory, prefix: $0.prefix) } ?? []
    return PipelineRun(pipeline: self, data: data, training: training, metrics: metrics, pictures: drawn)
  }

  /// The sampler that samples this pipeline's trained energy (``EnergySampling``): the task's
  /// evaluation sampler, else the pipeline's, prepared on the training data.
  ///
  /// - Throws: ``EBMError/incompatible(_:)`` when the pipeline has neither.
  public func samplingSampler(data: TaskData) throws -> any ProposalSampler {
    guard var sampler = evaluationSampler ?? sampler else {
      throw EBMError.incompatible(
        "task '\(spec.task.name)' names no evaluation sampler and the pipeline has no sampler; help: train with --sampler NAME")
    }
    try sampler.prepare(data: data.train)
    return sampler
  }
}
