import Tensors
import EBMProtocols

/// Contrastive divergence with MCMC negatives: CD-k (Hinton 2002), persistent CD (Tieleman
/// 2008) and short-run MCMC from noise (Nijkamp et al. 2019), with the energy-magnitude
/// regulariser of Du & Mordatch (2019).
///
/// ```
/// L(θ) = mean E_θ(x⁺) − mean E_θ(x⁻) + α (mean E_θ(x⁺)² + mean E_θ(x⁻)²)
/// ```
///
/// x⁺ is the batch; x⁻ are samples of the pipeline's dynamics sampler, treated as constants
/// (no gradient through the chains), started:
/// - `.data` (`cd`): at the batch itself, k = the sampler's steps (CD-k);
/// - `.persistent` (`pcd`): where the sampler's persistent chains left off (a replay buffer,
///   e.g. `replay-langevin`; Du & Mordatch 2019: 95% old chains, 5% fresh noise);
/// - `.noise`: from the sampler's noise distribution (short-run MCMC).
///
/// The gradient of the first two terms is the maximum-likelihood gradient
/// E_data[∇θE] − E_model[∇θE] when x⁻ ~ p_θ. Conditional energies get `samples` negatives per
/// example, started at (or around) the target.
///
/// References: G. Hinton, "Training products of experts by minimizing contrastive divergence",
/// Neural Computation 2002; T. Tieleman, ICML 2008; Y. Du & I. Mordatch, "Implicit generation
/// and generalization in energy-based models", NeurIPS 2019.
public struct ContrastiveDivergence: TrainingObjective {
  /// Where the negative chains start.
  public enum Start: String, Sendable, CaseIterable {
    case data
    case persistent
    case noise
  }

  public var start: Start
  /// Regulariser weight α.
  public var alpha: Float
  /// Negatives per example for conditional energies.
  public var samples: Int

  public init(start: Start, alpha: Float, samples: Int = Options().samples) {
    precondition(alpha >= 0 && samples >= 1, "ContrastiveDivergence: alpha >= 0, samples >= 1")
    self.start = start
    self.alpha = alpha
    self.samples = samples
  }

  public var requirements: ObjectiveRequirements { .mcmcSamples }
  public var supportedFamilies: Set<EnergyFamily> { [.unconditional, .conditional] }

  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let batch = context.batch
    let conditional = batch.x != nil && batch.y.rank == 2 && {
      if case .conditional = context.energy.kind { return true } else { return false }
    }()
    let center: Tensor? = conditional || start == .data ? batch.y.detached : nil
    let request = ChainRequest(
      model: context.detachedModel, x: batch.x, start: center, count: conditional ? samples : batch.count)
    let negatives = try context.runChains(request).samples.detached
    let positives = conditional ? batch.y.unsqueezed(at: 1) : batch.y
    let ePlus = context.energy(x: batch.x, y: positives)
    let eMinus = context.energy(x: batch.x, y: negatives)
    var loss = ePlus.mean() - eMinus.mean()
    if alpha > 0 {
      loss = loss + (ePlus.squared().mean() + eMinus.squared().mean()) * alpha
    }
    return loss
  }
}
