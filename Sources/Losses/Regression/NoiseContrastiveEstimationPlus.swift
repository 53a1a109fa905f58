import EBMProtocols
import Tensors

/// NCE+: NCE with noise added to the ground truth (Gustafsson et al., "How to Train Your
/// Energy-Based Model for Regression", BMVC 2020, Eq. 9 — the paper's proposed method):
///
/// ```
/// L = −(1/B) Σ_i log [ exp(f(y^(0)) − log q(y^(0) | y_i)) / Σ_{m=0}^{M} exp(f(y^(m)) − log q(y^(m) | y_i)) ],
/// y^(0) = y_i + β ν,  ν ~ q(· | 0),   y^(1..M) ~ q(y | y_i),   f = −E
/// ```
///
/// q is the pipeline's proposal (the paper: Gaussian mixture σ = 0.1, 0.8, M = 1024,
/// β = 0.025); the true sample's log q is evaluated at its offset β ν under the unscaled
/// mixture. Like the reference code, ν is one draw shared by the batch when the proposal
/// shares its offsets. Computed as a stable log-softmax over the M + 1 candidates.
public struct NoiseContrastiveEstimationPlus: TrainingObjective {
  /// M, noise samples per example.
  public var samples: Int
  /// β, the scale of the noise added to the ground truth.
  public var beta: Float

  public init(samples: Int, beta: Float) {
    precondition(samples >= 1 && beta >= 0, "nce+ needs samples >= 1 and beta >= 0")
    self.samples = samples
    self.beta = beta
  }

  public var requirements: ObjectiveRequirements { .densities }
  public var supportedFamilies: Set<EnergyFamily> { [.conditional] }

  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let y = CandidateEnergies.targets(context.batch)
    let (b, d) = (y.shape[0], y.shape[1])
    // The noisy "true" sample: one proposal draw around the target, scaled by β.
    let noise = try context.propose(.around(y, count: 1))
    let draw = noise.samples.detached.reshaped([b, 1, d])
    let truth = y.unsqueezed(at: 1) + (draw - y.unsqueezed(at: 1)) * beta
    let truthLogQ = noise.logDensity(of: truth).reshaped([b])
    let (candidates, logQ, _) = try CandidateEnergies.propose(&context, count: samples)
    let energies = CandidateEnergies.evaluate(context, x: context.batch.x, truth: truth, candidates: candidates)
    return NoiseContrastiveEstimation.value(
      truthEnergies: energies.truth, truthLogQ: truthLogQ, sampleEnergies: energies.candidates, sampleLogQ: logQ)
  }
}
