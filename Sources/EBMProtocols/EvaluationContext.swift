import Tensors

/// What a task's evaluation may use besides the model and data: a generator, where the task
/// asked for one in its defaults, an evaluation sampler and an inference method, and the
/// pipeline's ``FineTuner`` for test-time adaptation.
public struct EvaluationContext: Sendable {
  public var rng: RandomGenerator
  /// The sampler for evaluation (e.g. Langevin samples), resolved from the registry.
  public var sampler: (any ProposalSampler)?
  /// Seconds spent training (reported beside the metrics).
  public var trainSeconds: Double?
  /// The inference for evaluation (e.g. box refinement), resolved from the registry.
  public var inference: (any EnergyInference)?
  /// Fine-tunes the model with the pipeline's own objective (nil: the task cannot adapt).
  public var fineTuner: FineTuner?

  public init(
    rng: RandomGenerator, sampler: (any ProposalSampler)? = nil, trainSeconds: Double? = nil,
    inference: (any EnergyInference)? = nil, fineTuner: FineTuner? = nil
  ) {
    self.fineTuner = fineTuner
    self.rng = rng
    self.sampler = sampler
    self.trainSeconds = trainSeconds
    self.inference = inference
  }
}
