import Foundation
import Tensors

/// A learning problem: its data (train/validation/test), how a trained energy is evaluated
/// into named metrics, the settings it trains with by default, and its pictures. Registered in
/// ``Registry/tasks`` under the kind "task" (named `LearningTask` so that it does not hide
/// Swift's concurrency `Task`).
public protocol LearningTask: Sendable {
  /// The kind of energy the task trains (architectures are built for it).
  var energyKind: EnergyKind { get }

  /// Default architecture, objective, sampler, optimizer, epochs and batch size.
  var defaults: TaskDefaults { get }

  /// The data, drawn from `rng` where the task is synthetic.
  func makeData(using rng: inout RandomGenerator) throws -> TaskData

  /// Named metrics of a trained energy (with their directions).
  func evaluate(_ model: TrainedEnergy, on data: TaskData, context: inout EvaluationContext) throws -> [Metric]

  /// Writes the task's pictures of `model` into `directory` (file names start with `prefix`)
  /// and returns their URLs. Default: none.
  func drawPictures(
    _ model: TrainedEnergy, data: TaskData, context: inout EvaluationContext, into directory: URL, prefix: String
  ) throws -> [URL]
}

extension LearningTask {
  /// Default: the task draws no pictures.
  public func drawPictures(
    _ model: TrainedEnergy, data: TaskData, context: inout EvaluationContext, into directory: URL, prefix: String
  ) throws -> [URL] { [] }
}
