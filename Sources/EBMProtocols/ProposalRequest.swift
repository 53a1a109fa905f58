import Tensors

/// What a ``DensitySampler`` is asked for. Proposals need no energy: they are drawn around
/// reference points or from the sampler's own distribution, and come with their log q.
///
/// ```swift
/// // M = 1024 candidates around each observed target y `[B, dy]` (ML-IS, NCE, NCE+):
/// let draws = try context.propose(.around(y, count: 1024))      // samples [B, 1024, dy]
/// // N noise points from the sampler's own (fitted) distribution (NCE on 2-D data):
/// let noise = try context.propose(.unconditional(count: 512, dimension: 2))  // [512, 2]
/// ```
public enum ProposalRequest: Sendable {
  /// `count` candidates around each reference point `[B, d]` (the observed targets while
  /// training, initial estimates at prediction): samples `[B, count, d]`, log q `[B, count]`.
  case around(Tensor, count: Int)
  /// `count` points from the sampler's own distribution (e.g. noise fitted to the training
  /// data by ``ProposalSampler/prepare(data:)``): samples `[count, dimension]`, log q `[count]`.
  case unconditional(count: Int, dimension: Int)

  /// Samples per reference point (`.around`) or in all (`.unconditional`).
  public var count: Int {
    switch self {
    case let .around(_, count): return count
    case let .unconditional(count, _): return count
    }
  }

  /// The offsets y − c of points `y` from the reference points c: `y [B, M, d]` (or `[B, d]`)
  /// against c `[B, d]`; the points themselves for `.unconditional` requests (reference 0).
  public func offsets(of y: Tensor) -> Tensor {
    switch self {
    case let .around(center, _):
      let d = center.shape.last ?? 1
      return y.rank == 3 ? y.detached - center.detached.reshaped([center.shape[0], 1, d]) : y.detached - center.detached
    case .unconditional:
      return y.detached
    }
  }
}
