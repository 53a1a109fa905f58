import Tensors

/// Everything a training objective reads in one step: the energy, its parameters (autodiff
/// leaves), the batch, the sampler and this step's random generator.
public struct LossContext: Sendable {
  /// The energy function being trained.
  public var energy: any EnergyFunction
  /// Its parameters for this step, recorded so that the loss can be differentiated.
  public var parameters: ParameterSet
  /// The minibatch.
  public var batch: Batch
  /// The pipeline's sampler, if it has one.
  public var sampler: (any ProposalSampler)?
  /// This step's generator.
  public var rng: RandomGenerator
  /// Global step number (0-based).
  public var step: Int

  public init(
    energy: any EnergyFunction, parameters: ParameterSet, batch: Batch, sampler: (any ProposalSampler)?,
    rng: RandomGenerator, step: Int
  ) {
    self.energy = energy
    self.parameters = parameters
    self.batch = batch
    self.sampler = sampler
    self.rng = rng
    self.step = step
  }

  /// E(x, y) with this step's parameters (recorded).
  public func energy(x: Tensor?, y: Tensor) -> Tensor {
    energy.energy(x: x, y: y, parameters: parameters)
  }

  /// The model with the parameters detached, for samplers running dynamics.
  public var detachedModel: TrainedEnergy { TrainedEnergy(energy: energy, parameters: parameters.detached()) }

  /// Draws proposals with their density from the pipeline's sampler: the way objectives
  /// obtain log q, of the samples and (through ``Proposals/logDensity(of:)``) of other points.
  ///
  /// - Throws: ``EBMError/incompatible(_:)`` when the pipeline has no sampler or its sampler
  ///   runs dynamics (naming it); the sampler's errors.
  public mutating func propose(_ request: ProposalRequest) throws -> Proposals {
    var density = try requireSampler(
      (any DensitySampler).self, kind: "a proposal with a density (log q)", help: "choose a proposal sampler such as gmm")
    defer { sampler = density }
    return try density.propose(request, using: &rng)
  }

  /// Runs the pipeline's dynamics sampler on the energy.
  ///
  /// - Throws: ``EBMError/incompatible(_:)`` when the pipeline has no sampler or its sampler
  ///   is a density proposal (naming it); the sampler's errors.
  public mutating func runChains(_ request: ChainRequest) throws -> SampleResult {
    var dynamics = try requireSampler(
      (any DynamicsSampler).self, kind: "MCMC chains on the energy", help: "choose a dynamics sampler such as langevin")
    defer { sampler = dynamics }
    return try dynamics.sample(request, using: &rng)
  }

  /// The pipeline's sampler as `Kind`; else an error naming the sampler and what the objective
  /// needs (`kind`), ending with `help`.
  func requireSampler<Kind>(_: Kind.Type, kind: String, help: String) throws -> Kind {
    guard let current = sampler else {
      throw EBMError.incompatible("this objective needs \(kind), but the pipeline has no sampler; help: add --sampler NAME")
    }
    guard let typed = current as? Kind else {
      throw EBMError.incompatible("this objective needs \(kind), but sampler \(current.typeName) is of the other kind; help: \(help)")
    }
    return typed
  }

  /// `count` samples around each target `y [B, dy]` from whichever sampler the pipeline has:
  /// proposals around y, or chains started at y on the (detached) energy. `[B, count, dy]`.
  /// For objectives that need samples but no density (``ObjectiveRequirements/anySampler``).
  ///
  /// - Throws: as ``propose(_:)`` and ``runChains(_:)``.
  public mutating func samples(around y: Tensor, x: Tensor?, count: Int) throws -> Tensor {
    if let current = sampler, current is any DynamicsSampler {
      return try runChains(ChainRequest(model: detachedModel, x: x, start: y, count: count)).samples
    }
    return try propose(.around(y, count: count)).samples
  }
}
