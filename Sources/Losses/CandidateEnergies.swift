import EBMProtocols
import Tensors

/// Shared plumbing of the sample-based objectives: energies of the targets and of candidate
/// y's in one pass of the network, for conditional and unconditional energies alike.
enum CandidateEnergies {
  /// E at the truths and at the candidates.
  ///
  /// - Conditional: `truth [B, dy]` (or `[B, 1, dy]`), `candidates [B, M, dy]` → (`[B]`, `[B, M]`),
  ///   evaluated as one `[B, 1 + M, dy]` call so the x features are computed once.
  /// - Unconditional: `truth [B, d]`, `candidates [B, M, d]` → (`[B]`, `[B, M]`).
  static func evaluate(_ context: LossContext, x: Tensor?, truth: Tensor, candidates: Tensor) -> (truth: Tensor, candidates: Tensor) {
    let b = candidates.shape[0]
    let m = candidates.shape[1]
    let d = candidates.shape[2]
    if x != nil {
      let all = Tensor.concatenate([truth.reshaped([b, 1, d]), candidates], alongAxis: 1)
      let energies = context.energy(x: x, y: all)
      return (energies.slice(alongAxis: 1, 0..<1).reshaped([b]), energies.slice(alongAxis: 1, 1..<(m + 1)))
    }
    let all = Tensor.concatenate([truth.reshaped([b, d]), candidates.reshaped([b * m, d])], alongAxis: 0)
    let energies = context.energy(x: nil, y: all)
    return (energies.slice(alongAxis: 0, 0..<b), energies.slice(alongAxis: 0, b..<(b + b * m)).reshaped([b, m]))
  }

  /// The targets as `[B, d]`.
  static func targets(_ batch: Batch) -> Tensor {
    batch.y.rank == 1 ? batch.y.reshaped([batch.count, 1]) : batch.y.reshaped([batch.count, -1])
  }

  /// Draws M candidates per example from the pipeline's proposal with their log q:
  /// conditional around the targets, unconditional from the sampler's own (fitted) noise.
  /// Returns candidates `[B, M, d]`, log q `[B, M]` and the proposals (for log q of other
  /// points, e.g. the true sample, under the same proposal).
  static func propose(_ context: inout LossContext, count m: Int) throws -> (candidates: Tensor, logQ: Tensor, proposals: Proposals) {
    let y = targets(context.batch)
    let (b, d) = (y.shape[0], y.shape[1])
    let request: ProposalRequest = context.batch.x != nil ? .around(y, count: m) : .unconditional(count: b * m, dimension: d)
    let drawn = try context.propose(request)
    return (drawn.samples.detached.reshaped([b, m, d]), drawn.logDensity.detached.reshaped([b, m]), drawn)
  }
}
