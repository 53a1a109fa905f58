import Tensors

/// What a ``DynamicsSampler`` returns: the samples, and whatever else it knows about them.
public struct SampleResult: Sendable {
  /// `[B, M, dy]` (conditional) or `[N, d]` (unconditional).
  public var samples: Tensor
  /// Share of accepted Metropolis proposals, for samplers that have a correction step.
  public var acceptanceRate: Double?

  public init(samples: Tensor, acceptanceRate: Double? = nil) {
    self.samples = samples
    self.acceptanceRate = acceptanceRate
  }
}
