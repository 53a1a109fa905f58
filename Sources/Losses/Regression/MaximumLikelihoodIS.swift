import EBMProtocols
import Foundation
import Tensors

/// ML-IS: maximum likelihood with importance sampling (Gustafsson et al., "How to Train Your
/// Energy-Based Model for Regression", BMVC 2020, Eq. 5; Gustafsson et al. ECCV 2020):
///
/// ```
/// L = (1/B) Σ_i [ log( (1/M) Σ_m exp(f(x_i, y^(m))) / q(y^(m)) ) − f(x_i, y_i) ],   f = −E
///   = (1/B) Σ_i [ logsumexp_m( f(x_i, y^(m)) − log q(y^(m)) ) − log M − f(x_i, y_i) ]
/// ```
///
/// with y^(m) ~ q(y | y_i), a Gaussian mixture centred on the target (the paper: σ = 0.2, 1.6,
/// M = 1024). The log-sum-exp is computed stably.
public struct MaximumLikelihoodIS: TrainingObjective {
  /// M, proposal samples per example.
  public var samples: Int

  public init(samples: Int) {
    precondition(samples >= 1, "ml-is needs samples >= 1")
    self.samples = samples
  }

  public var requirements: ObjectiveRequirements { .densities }
  public var supportedFamilies: Set<EnergyFamily> { [.conditional] }

  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let (candidates, logQ, _) = try CandidateEnergies.propose(&context, count: samples)
    let y = CandidateEnergies.targets(context.batch)
    let energies = CandidateEnergies.evaluate(context, x: context.batch.x, truth: y, candidates: candidates)
    return Self.value(truthEnergies: energies.truth, sampleEnergies: energies.candidates, sampleLogQ: logQ)
  }

  /// The loss from energies: truths `[B]`, samples `[B, M]` and their log q `[B, M]`.
  public static func value(truthEnergies: Tensor, sampleEnergies: Tensor, sampleLogQ: Tensor) -> Tensor {
    let m = sampleEnergies.shape[1]
    let logZ = (-sampleEnergies - sampleLogQ).logSumExp(alongAxis: 1) - Float(Foundation.log(Double(m)))
    return (logZ + truthEnergies).mean()
  }
}
