import Tensors

/// A training loss: from an energy, its parameters, a batch, a sampler and a generator, a
/// scalar tensor whose gradient with respect to the parameters trains the energy.
///
/// An objective declares what it needs (``requirements``) and which energy families it serves
/// (``supportedFamilies``); composing a pipeline checks both before training starts. It is
/// written once where the maths is the same: DSM, SM and NCE serve conditional (regression)
/// and unconditional (generative) energies alike.
public protocol TrainingObjective: Sendable {
  /// What the objective needs from the pipeline.
  var requirements: ObjectiveRequirements { get }

  /// The energy families it trains.
  var supportedFamilies: Set<EnergyFamily> { get }

  /// One-time setup before training (default: nothing).
  mutating func prepare(_ context: PreparationContext) throws

  /// The loss for one batch (a scalar, recorded with respect to `context.parameters`).
  mutating func loss(_ context: inout LossContext) throws -> Tensor

  /// State that must survive a checkpoint, by name (default: none).
  var persistentState: ParameterSet { get }

  /// Restores ``persistentState``.
  mutating func restorePersistentState(_ state: ParameterSet) throws
}

extension TrainingObjective {
  /// Default: nothing to prepare.
  public mutating func prepare(_ context: PreparationContext) throws {}
  /// Default: stateless.
  public var persistentState: ParameterSet { [:] }
  /// Default: nothing to restore.
  public mutating func restorePersistentState(_ state: ParameterSet) throws {}
}
