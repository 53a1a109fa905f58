import EBMProtocols

extension LossRegistration {
  /// The objectives of Gustafsson et al. (2020) that only regression uses: ML-IS, KLD-IS, ML-MCMC, NCE+.
  static func registerRegression(in registry: inout Registry) {
    let samplesOption = OptionSpec.int("samples", 1024, "M, proposal samples per example", range: 1...1_000_000)
    registry.objectives.register(
      name: "ml-is",
      summary: "ML with importance sampling (Gustafsson et al. 2020): log-mean-exp of f − log q minus f at the target",
      details: "Use with a gmm proposal (the paper: stds 0.2, 1.6).",
      options: [samplesOption]
    ) { options, _ in MaximumLikelihoodIS(samples: options.int("samples")) }
    registry.objectives.register(
      name: "kld-is",
      summary: "KL divergence to N(y_i, σ_p²) label noise with importance sampling (Gustafsson et al. 2020)",
      details: "Use with a gmm proposal (the paper: stds 0.2, 1.6).",
      options: [samplesOption, .double("label-sigma", 0.025, "σ_p of the label-noise density p", range: 1e-9...1e6)]
    ) { options, _ in KLDivergenceIS(samples: options.int("samples"), labelSigma: options.float("label-sigma")) }
    registry.objectives.register(
      name: "ml-mcmc",
      summary: "ML with Langevin samples on y started at the target (Gustafsson et al. 2020)",
      details: "y ← y + (λ²/2) ∂f/∂y + λ ε for L steps; λ = 0.05 (dataset 1), 0.0125 (dataset 2).",
      options: [
        .double("lambda", 0.05, "λ, the Langevin step", range: 1e-9...1e3),
        .int("steps", 16, "L, Langevin steps", range: 0...100_000),
        .int("samples", 1024, "M, chains per example", range: 1...1_000_000),
      ]
    ) { options, _ in
      MaximumLikelihoodMCMC(lambda: options.float("lambda"), steps: options.int("steps"), samples: options.int("samples"))
    }
    registry.objectives.register(
      name: "nce+",
      summary: "NCE+ (Gustafsson et al. 2020): NCE whose true sample is y_i + β·(a proposal draw)",
      details: "Use with a gmm proposal (the paper: stds 0.1, 0.8, β = 0.025).",
      options: [samplesOption, .double("beta", 0.025, "β, scale of the noise added to the ground truth", range: 0...1e3)],
      aliases: ["nce-plus"]
    ) { options, _ in
      NoiseContrastiveEstimationPlus(samples: options.int("samples"), beta: options.float("beta"))
    }
  }
}
