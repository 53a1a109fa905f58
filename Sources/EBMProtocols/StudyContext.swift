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
  /// Receives the training events of the run this context belongs to (live progress).
  let trainingProgress: (@Sendable (TrainingEvent) -> Void)?
  private let memo: Memo

  /// The values memoised by the runs of one study, under a lock.
  final class Memo: @unchecked Sendable {
    var values: [String: Any] = [:]
    let lock = NSLock()
  }

  public init(registry: Registry, outputDirectory: URL, drawPictures: Bool = true, log: @escaping @Sendable (String) -> Void) {
    self.registry = registry
    self.outputDirectory = outputDirectory
    self.drawPictures = drawPictures
    self.logHandler = log
    self.trainingProgress = nil
    self.memo = Memo()
  }

  private init(_ parent: StudyContext, trainingProgress: @escaping @Sendable (TrainingEvent) -> Void) {
    registry = parent.registry
    outputDirectory = parent.outputDirectory
    drawPictures = parent.drawPictures
    logHandler = parent.logHandler
    memo = parent.memo
    self.trainingProgress = trainingProgress
  }

  /// The context of one run: the same registry, folder, log and memo, with the run's own
  /// training-progress handler.
  func forRun(trainingProgress: @escaping @Sendable (TrainingEvent) -> Void) -> StudyContext {
    StudyContext(self, trainingProgress: trainingProgress)
  }

  /// Writes a progress line (to standard error, never to the JSON output).
  public func log(_ line: String) { logHandler(line) }

  /// The value stored under `key`, computing and storing it on first use.
  public func memoized<Value>(_ key: String, _ compute: () throws -> Value) rethrows -> Value {
    memo.lock.lock()
    if let value = memo.values[key] as? Value {
      memo.lock.unlock()
      return value
    }
    memo.lock.unlock()
    let value = try compute()
    memo.lock.lock()
    memo.values[key] = value
    memo.lock.unlock()
    return value
  }

  /// Builds the pipeline and runs it through ``Pipeline/trainAndEvaluate(data:initialParameters:resume:checkpointing:progress:pictures:)``
  /// (the path `ebm train` takes), drawing its pictures when the study wants them.
  public func trainAndEvaluate(
    _ spec: PipelineSpec, picturePrefix: String? = nil, initialParameters: ParameterSet? = nil
  ) throws -> (model: TrainedEnergy, metrics: [Metric], trainSeconds: Double, pipeline: Pipeline) {
    let pipeline = try registry.makePipeline(spec)
    let pictures = drawPictures ? picturePrefix.map { (directory: outputDirectory, prefix: $0) } : nil
    let run = try pipeline.trainAndEvaluate(
      initialParameters: initialParameters, progress: trainingProgress, pictures: pictures)
    return (run.model, run.metrics, run.training.seconds, pipeline)
  }
}
