import Tensors

/// The points a ``DensitySampler`` drew for a ``ProposalRequest``, with their offsets from the
/// request's reference points exactly as drawn (so log q is computed from the drawn offsets,
/// not from a rounded y − c).
public struct ProposalDraw: Sendable {
  /// `[B, M, d]` (`.around`) or `[N, d]` (`.unconditional`).
  public var samples: Tensor
  /// The offsets as drawn: `[B, M, d]`, or `[M, d]` when one set of M offsets is shared by
  /// every reference point; for `.unconditional` requests the samples themselves.
  public var offsets: Tensor

  public init(samples: Tensor, offsets: Tensor) {
    self.samples = samples
    self.offsets = offsets
  }
}
