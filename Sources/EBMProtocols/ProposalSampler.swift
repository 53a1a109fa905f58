import Tensors

/// Draws candidate y's for a batch: either from a proposal with a known density (returning the
/// samples and log q: importance sampling, NCE) or by running dynamics on the energy (Langevin,
/// MALA, HMC: samples only). ``capability`` says which, and composing an objective that needs
/// log q with a dynamics sampler fails at composition time.
///
/// A sampler is a value; `sample` is `mutating` so that persistent chains (a replay buffer)
/// can live in it; ``persistentState`` exposes that state for checkpoints.
public protocol ProposalSampler: Sendable {
  /// Density proposal or dynamics.
  var capability: SamplerCapability { get }

  /// Adapts to the training data before training (e.g. a noise distribution fitted to the
  /// data). Called once by the trainer.
  mutating func prepare(data: Dataset) throws

  /// Draws samples for `request`.
  mutating func sample(_ request: SampleRequest, using rng: inout RandomGenerator) throws -> SampleResult

  /// log q(y) under the proposal for `request` (`y` shaped like the samples), or `nil` for
  /// samplers without a density.
  func logDensity(of y: Tensor, for request: SampleRequest) -> Tensor?

  /// State that must survive a checkpoint (persistent chains), by name.
  var persistentState: ParameterSet { get }

  /// Restores ``persistentState``.
  mutating func restorePersistentState(_ state: ParameterSet) throws
}

extension ProposalSampler {
  /// Default: nothing to adapt.
  public mutating func prepare(data: Dataset) throws {}
  /// Default: no density (correct for every dynamics sampler).
  public func logDensity(of y: Tensor, for request: SampleRequest) -> Tensor? { nil }
  /// Default: stateless.
  public var persistentState: ParameterSet { [:] }
  /// Default: nothing to restore.
  public mutating func restorePersistentState(_ state: ParameterSet) throws {}
}
