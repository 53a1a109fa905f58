import Tensors

/// A sampler that draws from a proposal q with a known density: importance sampling, NCE,
/// sampling–importance–resampling. It answers ``ProposalRequest``s (no energy needed) and
/// implements log q once, as a function of the offsets from the request's reference points.
///
/// Callers draw through ``propose(_:using:)``, which pairs the samples with their log q; the
/// returned ``Proposals`` also gives log q of other points under the same proposal.
public protocol DensitySampler: ProposalSampler {
  /// Draws the points of `request`, with their offsets as drawn.
  ///
  /// - Throws: ``EBMError`` when the sampler cannot serve the request (naming the sampler and
  ///   what is missing).
  mutating func draw(_ request: ProposalRequest, using rng: inout RandomGenerator) throws -> ProposalDraw

  /// log q of points given by their offsets from `request`'s reference points (the points
  /// themselves for `.unconditional` requests): `offsets [..., d]` → `[...]`. The sampler's
  /// one implementation of its density.
  func logDensity(offsets: Tensor, for request: ProposalRequest) -> Tensor
}

extension DensitySampler {
  /// A density sampler is a `.density` sampler.
  public var capability: SamplerCapability { .density }

  /// Draws `request`'s points and their log q (from ``logDensity(offsets:for:)``).
  public mutating func propose(_ request: ProposalRequest, using rng: inout RandomGenerator) throws -> Proposals {
    let drawn = try draw(request, using: &rng)
    return Proposals(draw: drawn, request: request, sampler: self)
  }

  /// log q of points `y` for `request` (`[B, K, d]` → `[B, K]`, `[N, d]` → `[N]`).
  public func logDensity(of y: Tensor, for request: ProposalRequest) -> Tensor {
    logDensity(offsets: request.offsets(of: y), for: request)
  }
}
