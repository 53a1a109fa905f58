import Tensors

/// What a task's evaluation may use besides the model and data: a generator and, where the
/// task asked for one in its defaults, an evaluation sampler and an inference method.
public struct EvaluationContext: Sendable {
  public var rng: RandomGenerator
  /// The sampler for evaluation (e.g. Langevin samples), resolved from the registry.
  public var sampler: (any ProposalSampler)?
  /// Seconds spent training (reported beside the metrics).
  public var trainSeconds: Double?
  /// The inference for evaluation (e.g. box refinement), resolved from the registry.
  public var inference: (any EnergyInference)?

  public init(
    rng: RandomGenerator, sampler: (any ProposalSampler)? = nil, trainSeconds: Double? = nil,
    inference: (any EnergyInference)? = nil
  ) {
    self.rng = rng
    self.sampler = sampler
    self.trainSeconds = trainSeconds
    self.inference = inference
  }
}
