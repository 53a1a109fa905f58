import EBMProtocols
import Foundation
import Tensors

/// KLD-IS: KL divergence to a label-noise distribution p(y | y_i), with importance sampling
/// (Gustafsson et al., BMVC 2020, Eq. 7; Gustafsson et al. ECCV 2020):
///
/// ```
/// L = (1/B) Σ_i [ log Ẑ(x_i) − (1/M) Σ_m f(x_i, y^(m)) · p(y^(m) | y_i) / q(y^(m) | y_i) ],
/// log Ẑ(x_i) = logsumexp_m( f(x_i, y^(m)) − log q(y^(m)) ) − log M,   f = −E
/// ```
///
/// with y^(m) ~ q (the paper: Gaussian mixture σ = 0.2, 1.6, M = 1024) and
/// p(y | y_i) = N(y; y_i, σ_p² I), σ_p = 0.025. The log-sum-exp is computed stably.
public struct KLDivergenceIS: TrainingObjective {
  /// M, proposal samples per example.
  public var samples: Int
  /// σ_p of the label-noise density p.
  public var labelSigma: Float

  public init(samples: Int, labelSigma: Float) {
    precondition(samples >= 1 && labelSigma > 0, "kld-is needs samples >= 1 and label-sigma > 0")
    self.samples = samples
    self.labelSigma = labelSigma
  }

  public var requirements: ObjectiveRequirements { .densities }
  public var supportedFamilies: Set<EnergyFamily> { [.conditional] }

  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let (candidates, logQ, _) = try CandidateEnergies.propose(&context, count: samples)
    let y = CandidateEnergies.targets(context.batch)
    let energies = CandidateEnergies.evaluate(context, x: context.batch.x, truth: y, candidates: candidates)
    let offsets = candidates - y.unsqueezed(at: 1)
    return Self.value(
      sampleEnergies: energies.candidates, sampleLogQ: logQ,
      labelLogDensity: Self.labelLogDensity(offsets: offsets, sigma: labelSigma))
  }

  /// log p of offsets `[B, M, d]` under N(0, σ_p² I): `[B, M]`.
  public static func labelLogDensity(offsets: Tensor, sigma: Float) -> Tensor {
    let d = offsets.shape.last ?? 1
    let constant = Float(Double(d) * (Foundation.log(Double(sigma)) + 0.5 * Foundation.log(2 * Double.pi)))
    return (offsets.detached.squared().sum(alongAxis: offsets.rank - 1) * (-0.5 / (sigma * sigma))) - constant
  }

  /// The loss from sample energies `[B, M]`, their log q `[B, M]` and log p `[B, M]`.
  public static func value(sampleEnergies: Tensor, sampleLogQ: Tensor, labelLogDensity: Tensor) -> Tensor {
    let m = sampleEnergies.shape[1]
    let logZ = (-sampleEnergies - sampleLogQ).logSumExp(alongAxis: 1) - Float(Foundation.log(Double(m)))
    let weights = (labelLogDensity - sampleLogQ).detached.exp()
    let weightedScore = (-sampleEnergies * weights).mean(alongAxis: 1)
    return (logZ - weightedScore).mean()
  }
}
