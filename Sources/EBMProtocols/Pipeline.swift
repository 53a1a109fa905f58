import Tensors

/// A composed, checked pipeline: task + architecture + objective + sampler + optimizer,
/// with schedule, epochs, batch size and seed. Build one with ``Registry/makePipeline(_:)``,
/// which checks compatibility before any training starts, then train it with ``Trainer``.
public struct Pipeline: Sendable {
  /// The specification with every default filled in (what checkpoints record).
  public var spec: PipelineSpec
  public var task: any LearningTask
  public var energy: any EnergyFunction
  public var objective: any TrainingObjective
  public var sampler: (any ProposalSampler)?
  public var optimizer: any Optimizer
  /// The sampler used in evaluation (e.g. Langevin for generative models).
  public var evaluationSampler: (any ProposalSampler)?
  /// The inference used in evaluation (e.g. box refinement), from the task's defaults.
  public var evaluationInference: (any EnergyInference)?
  public var schedule: ScheduleSpec
  public var epochs: Int
  public var batchSize: Int
  public var outlierBatchSize: Int
  public var seed: UInt64

  public init(
    spec: PipelineSpec, task: any LearningTask, energy: any EnergyFunction, objective: any TrainingObjective,
    sampler: (any ProposalSampler)?, optimizer: any Optimizer, evaluationSampler: (any ProposalSampler)?,
    schedule: ScheduleSpec, epochs: Int, batchSize: Int, outlierBatchSize: Int, seed: UInt64
  ) {
    self.spec = spec
    self.task = task
    self.energy = energy
    self.objective = objective
    self.sampler = sampler
    self.optimizer = optimizer
    self.evaluationSampler = evaluationSampler
    self.schedule = schedule
    self.epochs = epochs
    self.batchSize = batchSize
    self.outlierBatchSize = outlierBatchSize
    self.seed = seed
  }

  /// The pipeline's root generator; every draw comes from a named stream of it.
  public var rootGenerator: RandomGenerator { RandomGenerator(seed: seed) }

  /// Stream numbers of the root generator (fixed, so that runs are reproducible).
  public enum Stream {
    public static let data: UInt64 = 1
    public static let initialization: UInt64 = 2
    public static let evaluation: UInt64 = 3
    public static let preparation: UInt64 = 4
    /// Epoch e's batch order is stream `epochOrder + e`.
    public static let epochOrder: UInt64 = 1 << 32
    /// Step s's generator is stream `step + s`.
    public static let step: UInt64 = 2 << 32
  }

  /// The task's data for this seed.
  public func makeData() throws -> TaskData {
    var rng = rootGenerator.forked(stream: Stream.data)
    return try task.makeData(using: &rng)
  }

  /// Freshly initialised parameters for this seed.
  public func initialParameters() -> ParameterSet {
    var rng = rootGenerator.forked(stream: Stream.initialization)
    return energy.initialParameters(using: &rng)
  }

  /// Checks the pieces that can only be checked against data (labels, outliers).
  public func checkData(_ data: TaskData) throws {
    let needs = objective.requirements
    if needs.contains(.labels), data.train.labels == nil {
      throw EBMError.incompatible("objective '\(spec.objective?.name ?? "?")' needs labels, but task '\(spec.task.name)' has none")
    }
    if needs.contains(.outliers), data.outliers == nil {
      throw EBMError.incompatible(
        "objective '\(spec.objective?.name ?? "?")' needs auxiliary outliers, but task '\(spec.task.name)' has none")
    }
  }
}
