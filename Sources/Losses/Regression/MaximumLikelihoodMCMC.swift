import EBMProtocols
import Tensors

/// ML-MCMC: maximum likelihood with Langevin samples of p(y | x) (Gustafsson et al., BMVC
/// 2020, Eq. 6):
///
/// ```
/// L = (1/B) Σ_i [ (1/M) Σ_m f(x_i, ỹ^(m)) − f(x_i, y_i) ],   f = −E
/// ỹ ← ỹ + (λ²/2) ∇_y f(x_i, ỹ) + λ ε,   ε ~ N(0, I),   L steps from ỹ = y_i
/// ```
///
/// The chains run on the detached model (no gradient flows through the sampling). The
/// paper: L = 16 steps, λ = 0.05 (dataset 1), 0.0125 (dataset 2), M = 1024 chains per example.
public struct MaximumLikelihoodMCMC: TrainingObjective {
  /// λ, the Langevin step.
  public var lambda: Float
  /// L, Langevin steps per training step.
  public var steps: Int
  /// M, chains per example.
  public var samples: Int

  public init(lambda: Float, steps: Int, samples: Int) {
    precondition(lambda > 0 && steps >= 0 && samples >= 1, "ml-mcmc needs lambda > 0, steps >= 0, samples >= 1")
    self.lambda = lambda
    self.steps = steps
    self.samples = samples
  }

  public var requirements: ObjectiveRequirements { [] }
  public var supportedFamilies: Set<EnergyFamily> { [.conditional] }

  /// Runs the L Langevin steps from the targets: `[B, M, d]`.
  public func langevinSamples(_ context: inout LossContext) -> Tensor {
    let y = CandidateEnergies.targets(context.batch)
    let (b, d) = (y.shape[0], y.shape[1])
    let atX = context.detachedModel.conditioned(on: context.batch.x)
    var chains = y.detached.reshaped([b, 1, d]).expanded(to: [b, samples, d])
    let drift = lambda * lambda / 2
    for _ in 0..<steps {
      let gradient = atX.gradient(chains)
      let noise = Tensor.normal([b, samples, d], using: &context.rng)
      chains = withoutGradients { chains - gradient * drift + noise * lambda }
    }
    return chains
  }

  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let y = CandidateEnergies.targets(context.batch)
    let chains = langevinSamples(&context)
    let energies = CandidateEnergies.evaluate(context, x: context.batch.x, truth: y, candidates: chains)
    // mean_m f(ỹ) − f(y_i) = E(y_i) − mean_m E(ỹ).
    return (energies.truth - energies.candidates.mean(alongAxis: 1)).mean()
  }
}
