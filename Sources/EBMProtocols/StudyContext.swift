import Foundation
import Tensors

/// What a study run may use: the registry (to build pipelines by name), the output folder,
/// a log for progress lines, and a memo shared by the runs of one study (e.g. a pretrained
/// classifier that every fine-tuning method of a seed starts from).
public final class StudyContext: @unchecked Sendable {
  public let registry: Registry
  /// Where pictures and files go (exists).
  public let outputDirectory: URL
  /// Whether pictures are wanted.
  public let drawPictures: Bool
  let logHandler: @Sendable (String) -> Void
  private var memo: [String: Any] = [:]
  private let lock = NSLock()

  public init(registry: Registry, outputDirectory: URL, drawPictures: Bool = true, log: @escaping @Sendable (String) -> Void) {
    self.registry = registry
    self.outputDirectory = outputDirectory
    self.drawPictures = drawPictures
    self.logHandler = log
  }

  /// Writes a progress line (to standard error, never to the JSON output).
  public func log(_ line: String) { logHandler(line) }

  /// The value stored under `key`, computing and storing it on first use.
  public func memoized<Value>(_ key: String, _ compute: () throws -> Value) rethrows -> Value {
    lock.lock()
    if let value = memo[key] as? Value {
      lock.unlock()
      return value
    }
    lock.unlock()
    let value = try compute()
    lock.lock()
    memo[key] = value
    lock.unlock()
    return value
  }

  /// Builds the pipeline, trains it, evaluates it and (optionally) draws its pictures.
  public func trainAndEvaluate(
    _ spec: PipelineSpec, picturePrefix: String? = nil, initialParameters: ParameterSet? = nil
  ) throws -> (model: TrainedEnergy, metrics: [Metric], trainSeconds: Double, pipeline: Pipeline) {
    let pipeline = try registry.makePipeline(spec)
    let data = try pipeline.makeData()
    let trainer = Trainer(pipeline: pipeline)
    let result = try trainer.train(data: data, initialParameters: initialParameters)
    var evaluation = EvaluationContext(
      rng: pipeline.rootGenerator.forked(stream: Pipeline.Stream.evaluation), sampler: pipeline.evaluationSampler,
      trainSeconds: result.seconds, inference: pipeline.evaluationInference)
    var metrics = try pipeline.task.evaluate(result.model, on: data, context: &evaluation)
    metrics.append(Metric("train_seconds", result.seconds, .lowerIsBetter))
    if drawPictures, let picturePrefix {
      _ = try pipeline.task.drawPictures(
        result.model, data: data, context: &evaluation, into: outputDirectory, prefix: picturePrefix)
    }
    return (result.model, metrics, result.seconds, pipeline)
  }
}
