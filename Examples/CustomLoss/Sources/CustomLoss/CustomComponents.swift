import EBM
import EBMProtocols

/// This package's components, added to swift-ebm's standard registry.
public enum CustomComponents {
  /// `Registry.standard()` plus `softplus-ranking` (objective) and `uniform-box` (sampler).
  public static func registry() -> Registry {
    var registry = Registry.standard()
    register(in: &registry)
    return registry
  }

  /// Registers this package's loss and sampler in `registry`.
  public static func register(in registry: inout Registry) {
    registry.objectives.register(
      name: "softplus-ranking", summary: "log(1 + exp(E(data) − E(proposal))) over M proposal samples",
      details: "LeCun et al. (2006) log loss with proposal samples as the contrastive answers.",
      options: SoftplusRankingLoss.Options.self
    ) { options, _ in SoftplusRankingLoss(options) }
    registry.samplers.register(
      name: "uniform-box", summary: "uniform proposal in a box of half-width w around the target, with log q",
      options: UniformBoxProposal.Options.self
    ) { options, _ in UniformBoxProposal(options) }
  }
}
