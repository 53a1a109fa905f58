import Tensors

/// What a ``DynamicsSampler`` is asked for: chains run on an energy, so the model is part of
/// the request's type (a request without one does not compile).
///
/// - Conditional energies: `count` chains per example, all started at `start` `[B, dy]` (the
///   targets, or initial estimates); samples `[B, count, dy]`. A conditional request without
///   `start` is rejected with an error naming the sampler.
/// - Unconditional energies: chains started at `start` `[N, d]` when given (CD-k starts at the
///   data), else `count` chains from the sampler's own initialisation (or replay buffer);
///   samples `[N, d]` or `[count, d]`.
public struct ChainRequest: Sendable {
  /// The energy and its parameters (detached by the sampler).
  public var model: TrainedEnergy
  /// Conditioning inputs `[B, ...]`, for conditional energies.
  public var x: Tensor?
  /// Start points (see above), or `nil` for the sampler's own initialisation.
  public var start: Tensor?
  /// Chains per example (conditional) or in all (unconditional without `start`).
  public var count: Int

  public init(model: TrainedEnergy, x: Tensor? = nil, start: Tensor? = nil, count: Int) {
    self.model = model
    self.x = x
    self.start = start
    self.count = count
  }
}
