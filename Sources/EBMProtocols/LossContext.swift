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

  /// Draws from the pipeline's sampler.
  ///
  /// - Throws: ``EBMError/incompatible(_:)`` when the pipeline has no sampler.
  public mutating func sample(_ request: SampleRequest) throws -> SampleResult {
    guard var current = sampler else {
      throw EBMError.incompatible("this objective draws samples but the pipeline has no sampler; help: add --sampler NAME")
    }
    let result = try current.sample(request, using: &rng)
    sampler = current
    return result
  }

  /// log q under the pipeline's sampler.
  public func logDensity(of y: Tensor, for request: SampleRequest) throws -> Tensor {
    guard let sampler, let q = sampler.logDensity(of: y, for: request) else {
      throw EBMError.incompatible("this objective needs log q, but the sampler has no density")
    }
    return q
  }
}
