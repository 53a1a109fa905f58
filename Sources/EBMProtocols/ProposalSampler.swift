import Tensors

/// A registered sampler: either a ``DensitySampler`` (a proposal with a known density q,
/// answering ``ProposalRequest``s with samples and log q: importance sampling, NCE) or a
/// ``DynamicsSampler`` (running dynamics on the energy, answering ``ChainRequest``s: Langevin,
/// MALA, HMC). What each needs is in its request type; ``capability`` says which kind a
/// registered `any ProposalSampler` is, and composing an objective that needs log q with a
/// dynamics sampler fails at composition time.
///
/// A sampler is a value; drawing is `mutating` so that persistent chains (a replay buffer)
/// can live in it; ``persistentState`` exposes that state for checkpoints.
public protocol ProposalSampler: Sendable {
  /// Density proposal or dynamics (given by ``DensitySampler`` and ``DynamicsSampler``).
  var capability: SamplerCapability { get }

  /// Adapts to the training data before training (e.g. a noise distribution fitted to the
  /// data). Called once by the trainer.
  mutating func prepare(data: Dataset) throws

  /// State that must survive a checkpoint (persistent chains), by name.
  var persistentState: ParameterSet { get }

  /// Restores ``persistentState``.
  mutating func restorePersistentState(_ state: ParameterSet) throws
}

extension ProposalSampler {
  /// Default: nothing to adapt.
  public mutating func prepare(data: Dataset) throws {}
  /// Default: stateless.
  public var persistentState: ParameterSet { [:] }
  /// Default: nothing to restore.
  public mutating func restorePersistentState(_ state: ParameterSet) throws {}
  /// The sampler's type name, for messages.
  public var typeName: String { String(describing: type(of: self)) }
}
