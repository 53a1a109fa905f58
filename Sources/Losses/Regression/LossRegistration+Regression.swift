import EBMProtocols

extension LossRegistration {
  /// The objectives of Gustafsson et al. (2020) that only regression uses: ML-IS, KLD-IS, ML-MCMC, NCE+.
  static func registerRegression(in registry: inout Registry) {
    registry.objectives.register(
      name: "ml-is",
      summary: "ML with importance sampling (Gustafsson et al. 2020): log-mean-exp of f − log q minus f at the target",
      details: "Use with a gmm proposal (the paper: stds 0.2, 1.6).",
      options: MaximumLikelihoodIS.Options.self
    ) { options, _ in MaximumLikelihoodIS(options) }
    registry.objectives.register(
      name: "kld-is",
      summary: "KL divergence to N(y_i, σ_p²) label noise with importance sampling (Gustafsson et al. 2020)",
      details: "Use with a gmm proposal (the paper: stds 0.2, 1.6).",
      options: KLDivergenceIS.Options.self
    ) { options, _ in KLDivergenceIS(options) }
    registry.objectives.register(
      name: "ml-mcmc",
      summary: "ML with Langevin samples on y started at the target (Gustafsson et al. 2020)",
      details: "y ← y + (λ²/2) ∂f/∂y + λ ε for L steps; λ = 0.05 (dataset 1), 0.0125 (dataset 2).",
      options: MaximumLikelihoodMCMC.Options.self
    ) { options, _ in MaximumLikelihoodMCMC(options) }
    registry.objectives.register(
      name: "nce+",
      summary: "NCE+ (Gustafsson et al. 2020): NCE whose true sample is y_i + β·(a proposal draw)",
      details: "Use with a gmm proposal (the paper: stds 0.1, 0.8, β = 0.025).",
      options: NoiseContrastiveEstimationPlus.Options.self,
      aliases: ["nce-plus"]
    ) { options, _ in NoiseContrastiveEstimationPlus(options) }
  }
}
