import EBMProtocols
import Tensors

/// NCE (ranking form): the true y_i must be told apart from M noise samples drawn from q
/// (Gutmann & Hyvärinen 2010; Ma & Collins 2018; as trained for regression in Gustafsson et
/// al., BMVC 2020, Eq. 8):
///
/// ```
/// L = −(1/B) Σ_i log [ exp(f(y^(0)) − log q(y^(0))) / Σ_{m=0}^{M} exp(f(y^(m)) − log q(y^(m))) ],
/// y^(0) = y_i,  y^(1..M) ~ q,   f = −E
/// ```
///
/// computed as a stable log-softmax over the M + 1 candidates.
///
/// - Conditional energies (regression): q(y | y_i) is a proposal centred on the target (the
///   paper: Gaussian mixture σ = 0.1, 0.8, M = 1024), so log q(y^(0)) = log q(0 offset).
/// - Unconditional energies (generative): x is absent, y_i is a data point and q is the
///   pipeline's noise distribution (e.g. `gaussian`, fitted to the data), M noise points per
///   data point, so M is the noise-to-data ratio; each data point is contrasted with its own
///   M noise points.
public struct NoiseContrastiveEstimation: TrainingObjective {
  /// M, noise samples per example (the noise-to-data ratio for generative data).
  public var samples: Int

  public init(samples: Int) {
    precondition(samples >= 1, "nce needs samples >= 1")
    self.samples = samples
  }

  public var requirements: ObjectiveRequirements { .densities }
  public var supportedFamilies: Set<EnergyFamily> { [.conditional, .unconditional] }

  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let (candidates, logQ, proposals) = try CandidateEnergies.propose(&context, count: samples)
    let y = CandidateEnergies.targets(context.batch)
    // log q of the true samples under the same proposal: at offset 0 from the target
    // (conditional), or under the sampler's noise distribution (unconditional).
    let truthLogQ = proposals.logDensity(of: context.batch.x != nil ? y.unsqueezed(at: 1) : y).reshaped([y.shape[0]])
    let energies = CandidateEnergies.evaluate(context, x: context.batch.x, truth: y, candidates: candidates)
    return Self.value(
      truthEnergies: energies.truth, truthLogQ: truthLogQ, sampleEnergies: energies.candidates, sampleLogQ: logQ)
  }

  /// The loss from energies and log q of the true samples `[B]` and the noise samples `[B, M]`.
  public static func value(truthEnergies: Tensor, truthLogQ: Tensor, sampleEnergies: Tensor, sampleLogQ: Tensor) -> Tensor {
    let b = truthEnergies.shape[0]
    let truthLogits = (-truthEnergies - truthLogQ.detached).reshaped([b, 1])
    let sampleLogits = -sampleEnergies - sampleLogQ.detached
    let logits = Tensor.concatenate([truthLogits, sampleLogits], alongAxis: 1)
    return (logits.logSumExp(alongAxis: 1) - truthLogits.reshaped([b])).mean()
  }
}
