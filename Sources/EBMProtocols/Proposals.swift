import Tensors

/// Proposals with their density: the one place where objectives (ML-IS, KLD-IS, NCE, NCE+)
/// and importance resampling obtain log q, both of the drawn samples and of other points under
/// the same proposal (NCE's true sample y, NCE+'s noisy true sample y + βν). Both come from the
/// sampler's single implementation, ``DensitySampler/logDensity(offsets:for:)``.
public struct Proposals: Sendable {
  /// `[B, M, d]` or `[N, d]`.
  public let samples: Tensor
  /// log q of each sample, `[B, M]` or `[N]`.
  public let logDensity: Tensor
  /// The request they were drawn for.
  public let request: ProposalRequest
  let sampler: any DensitySampler

  init(draw: ProposalDraw, request: ProposalRequest, sampler: any DensitySampler) {
    self.samples = draw.samples
    self.request = request
    self.sampler = sampler
    let rows = Array(draw.samples.shape.dropLast())
    let logQ = sampler.logDensity(offsets: draw.offsets, for: request)
    if logQ.count == draw.samples.count / (draw.samples.shape.last ?? 1) {
      self.logDensity = logQ.reshaped(rows)
    } else {
      // One set of offsets shared by every reference point: its log q, repeated.
      let shared = logQ.scalars
      let times = (draw.samples.count / (draw.samples.shape.last ?? 1)) / Swift.max(shared.count, 1)
      var tiled: [Float] = []
      tiled.reserveCapacity(shared.count * times)
      for _ in 0..<times { tiled.append(contentsOf: shared) }
      self.logDensity = Tensor(shape: rows, scalars: tiled)
    }
  }

  /// log q of other points `y` under the same proposal (same reference points): `y [B, K, d]`
  /// → `[B, K]`, or `y [N, d]` → `[N]`.
  public func logDensity(of y: Tensor) -> Tensor {
    sampler.logDensity(offsets: request.offsets(of: y), for: request)
  }
}
