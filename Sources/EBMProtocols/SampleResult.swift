import Tensors

/// What a sampler returns: the samples, and whatever else it knows about them.
public struct SampleResult: Sendable {
  /// `[B, M, dy]` (conditional) or `[N, d]` (unconditional).
  public var samples: Tensor
  /// log q of each sample, `[B, M]` or `[N]`, for samplers with a density; `nil` otherwise.
  public var logDensity: Tensor?
  /// Share of accepted Metropolis proposals, for samplers that have a correction step.
  public var acceptanceRate: Double?

  public init(samples: Tensor, logDensity: Tensor? = nil, acceptanceRate: Double? = nil) {
    self.samples = samples
    self.logDensity = logDensity
    self.acceptanceRate = acceptanceRate
  }
}
