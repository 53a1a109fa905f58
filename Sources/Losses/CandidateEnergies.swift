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
  /// Returns candidates `[B, M, d]`, log q `[B, M]` and the request used.
  static func propose(_ context: inout LossContext, count m: Int, objective: String) throws -> (candidates: Tensor, logQ: Tensor, request: SampleRequest) {
    let y = targets(context.batch)
    let (b, d) = (y.shape[0], y.shape[1])
    let request: SampleRequest
    if let x = context.batch.x {
      request = SampleRequest(x: x, center: y, count: m)
    } else {
      request = SampleRequest(center: nil, count: b * m, dimension: d)
    }
    let drawn = try context.sample(request)
    guard let logQ = drawn.logDensity else {
      throw EBMError.incompatible("objective '\(objective)' needs log q, but the sampler returned none")
    }
    return (drawn.samples.detached.reshaped([b, m, d]), logQ.detached.reshaped([b, m]), request)
  }
}
