import Tensors

/// A sampler that runs dynamics on an energy (Langevin, MALA, HMC): it answers
/// ``ChainRequest``s, which carry the model, and returns samples without a density.
public protocol DynamicsSampler: ProposalSampler {
  /// Runs the chains of `request`.
  ///
  /// - Throws: ``EBMError`` when the request does not fit the energy (e.g. a conditional
  ///   energy without start points), naming the sampler and what is missing.
  mutating func sample(_ request: ChainRequest, using rng: inout RandomGenerator) throws -> SampleResult
}

extension DynamicsSampler {
  /// A dynamics sampler is a `.dynamics` sampler.
  public var capability: SamplerCapability { .dynamics }
}
