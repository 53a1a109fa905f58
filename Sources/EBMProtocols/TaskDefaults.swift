/// The settings a task trains with unless the pipeline overrides them (the paper's settings
/// where there is a paper).
public struct TaskDefaults: Sendable {
  public var architecture: ComponentReference
  public var objective: ComponentReference
  public var sampler: ComponentReference?
  public var optimizer: ComponentReference
  public var schedule: ScheduleSpec
  public var epochs: Int
  public var batchSize: Int
  /// Outliers per step, for objectives that require auxiliary outliers.
  public var outlierBatchSize: Int
  /// A sampler for evaluation (e.g. Langevin samples compared with held-out data).
  public var evaluationSampler: ComponentReference?
  /// Per-objective option overrides (e.g. a dataset-specific Langevin step for ML-MCMC).
  public var objectiveOverrides: [String: [String: OptionValue]]
  /// Per-objective sampler choices (e.g. `ml-mcmc` uses Langevin, `nce+` a mixture proposal).
  public var samplerForObjective: [String: ComponentReference]
  /// The inference evaluation predicts with (e.g. box refinement by gradient descent on E).
  public var evaluationInference: ComponentReference?
  /// Per-objective inference settings (e.g. the paper's refinement step lengths per method).
  public var inferenceForObjective: [String: ComponentReference]

  public init(
    architecture: ComponentReference, objective: ComponentReference, sampler: ComponentReference? = nil,
    optimizer: ComponentReference, schedule: ScheduleSpec = .constant, epochs: Int, batchSize: Int,
    outlierBatchSize: Int = 0, evaluationSampler: ComponentReference? = nil,
    objectiveOverrides: [String: [String: OptionValue]] = [:],
    samplerForObjective: [String: ComponentReference] = [:], evaluationInference: ComponentReference? = nil,
    inferenceForObjective: [String: ComponentReference] = [:]
  ) {
    self.architecture = architecture
    self.objective = objective
    self.sampler = sampler
    self.optimizer = optimizer
    self.schedule = schedule
    self.epochs = epochs
    self.batchSize = batchSize
    self.outlierBatchSize = outlierBatchSize
    self.evaluationSampler = evaluationSampler
    self.objectiveOverrides = objectiveOverrides
    self.samplerForObjective = samplerForObjective
    self.evaluationInference = evaluationInference
    self.inferenceForObjective = inferenceForObjective
  }
}
