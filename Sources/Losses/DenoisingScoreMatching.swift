import EBMProtocols
import Tensors

/// DSM: denoising score matching (Vincent 2011; for regression, Gustafsson et al., BMVC
/// 2020, Eq. 11):
///
/// ```
/// L = (1/(B M)) Σ_i Σ_m ‖ ∇_y f(x_i, ỹ_im) + (ỹ_im − y_i) / σ² ‖²,
/// ỹ_im = y_i + σ ε_im,  ε ~ N(0, I),   f = −E
/// ```
///
/// The paper: σ = 0.2 (dataset 1), 0.075 (dataset 2), M = 1024 noisy copies per example.
/// Serves conditional energies (x given; copies `[B, M, dy]`) and unconditional ones (y the data
/// points; copies `[B·M, d]`; generative tasks usually set M = 1).
public struct DenoisingScoreMatching: TrainingObjective {
  /// σ of the corrupting noise.
  public var sigma: Float
  /// M, noisy copies per example.
  public var samples: Int

  public init(sigma: Float, samples: Int) {
    precondition(sigma > 0 && samples >= 1, "dsm needs sigma > 0 and samples >= 1")
    self.sigma = sigma
    self.samples = samples
  }

  public var requirements: ObjectiveRequirements { .secondOrderGradients }
  public var supportedFamilies: Set<EnergyFamily> { [.conditional, .unconditional] }

  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let y = CandidateEnergies.targets(context.batch)
    let noise = Tensor.normal([y.shape[0], samples, y.shape[1]], using: &context.rng)
    return loss(context, noise: noise)
  }

  /// The loss with given standard-normal noise ε `[B, M, d]` (or `[B, M]` when d = 1).
  public func loss(_ context: LossContext, noise: Tensor) -> Tensor {
    let y = CandidateEnergies.targets(context.batch)
    let (b, d) = (y.shape[0], y.shape[1])
    let m = noise.shape[1]
    let epsilon = noise.reshaped([b, m, d])
    var noisy = y.detached.reshaped([b, 1, d]) + epsilon * sigma
    if context.batch.x == nil { noisy = noisy.reshaped([b * m, d]) }
    let point = noisy.detached.requiringGradient()
    let gradient = context.energy.energyGradient(
      x: context.batch.x, y: point, parameters: context.parameters, createGraph: true)
    // ∇_y f + (ỹ − y)/σ² = −∇_y E + ε/σ.
    let residual = epsilon.reshaped(gradient.shape) * (1 / sigma) - gradient
    return residual.squared().sum() * (1 / Float(b * m))
  }
}
