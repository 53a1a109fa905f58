import EBMProtocols

extension LossRegistration {
  static func registerGenerative(in registry: inout Registry) {
    registry.objectives.register(
      name: "cd", summary: "contrastive divergence CD-k: Langevin negatives started at the data",
      details: "L = mean E(x+) − mean E(x−) + α(mean E(x+)² + mean E(x−)²) (Hinton 2002; Du & Mordatch 2019). k = the sampler's steps.",
      options: ContrastiveDivergence.Options.self
    ) { options, _ in ContrastiveDivergence(options) }
    registry.objectives.register(
      name: "pcd", summary: "persistent contrastive divergence: negatives continue the sampler's replay-buffer chains",
      details: "CD with chains that persist across steps (Tieleman 2008) in a replay buffer with 5% noise restarts (Du & Mordatch 2019); use with replay-langevin.",
      options: ContrastiveDivergence.PersistentOptions.self
    ) { options, _ in ContrastiveDivergence(options) }
    registry.objectives.register(
      name: "ssm", summary: "sliced score matching (Song et al. 2019)",
      details: "J = E[−vᵀ∇²E v + ½(vᵀ∇E)²]; with variance reduction ½‖∇E‖² replaces the second term.",
      options: SlicedScoreMatching.Options.self
    ) { options, _ in SlicedScoreMatching(options) }
  }
}
