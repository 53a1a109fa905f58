import EBMProtocols

extension SamplerRegistration {
  /// The Gaussian-mixture proposal and the inference methods of Gustafsson et al. (2020).
  static func registerRegression(in registry: inout Registry) {
    registry.samplers.register(
      name: "gmm",
      summary: "Gaussian mixture centred on the target (equal weights), samples + log q (Gustafsson et al. 2020)",
      details: "One set of M offsets shared across the batch (as the reference code) unless per-example is set.",
      options: [
        .doubles("stds", [0.1, 0.8], "component standard deviations (NCE/NCE+: 0.1, 0.8; ML-IS/KLD-IS: 0.2, 1.6)", range: 1e-6...1e6),
        .bool("per-example", false, "draw separate offsets for every example instead of sharing them across the batch"),
      ],
      aliases: ["gaussian-mixture"]
    ) { options, _ in
      let stds = options.doubles("stds")
      guard !stds.isEmpty else {
        throw EBMError.invalidOption(component: "gmm", option: "stds", reason: "needs at least one standard deviation")
      }
      return GaussianMixtureProposal(stds: stds.map(Float.init), perExample: options.bool("per-example"))
    }
    registry.inference.register(
      name: "gradient-ascent",
      summary: "Gradient ascent on f = −E over y from an initial estimate, with step decay (Gustafsson et al. 2020)",
      details: """
        y′ = y + λ ⊙ ∂f/∂y is kept when it increases f; otherwise that start's λ ← η λ. \
        λ = step-length × step-scales (one scale, or one per coordinate of y). With several starts per \
        example the prediction is the mean of the average-best starts of lowest energy.
        """,
      options: [
        .int("steps", 10, "T, refinement steps", range: 0...100_000),
        .double("step-length", 1e-3, "λ₀, the initial step length", range: 1e-12...1e6),
        .doubles("step-scales", [1], "per-coordinate multipliers of λ₀ (one for all, or one per coordinate)", range: 1e-6...1e6),
        .double("decay", 0.5, "η, decay of λ after a rejected step", range: 1e-6...1),
        .int("average-best", 1, "k: predict the mean of the k lowest-energy refined starts", range: 1...1000),
      ]
    ) { options, _ in
      let scales = options.doubles("step-scales")
      guard !scales.isEmpty else {
        throw EBMError.invalidOption(component: "gradient-ascent", option: "step-scales", reason: "needs at least one value")
      }
      return GradientAscentInference(
        steps: options.int("steps"), stepLengths: scales.map { Float($0 * options.double("step-length")) },
        decay: options.float("decay"), averagedStarts: options.int("average-best"))
    }
    registry.inference.register(
      name: "grid-mode",
      summary: "Mode of p(y|x) for 1-D y by a dense grid: argmin of E over evenly spaced y",
      options: [
        .double("low", -3, "lowest y of the grid"),
        .double("high", 3, "highest y of the grid"),
        .int("count", 2048, "grid points", range: 2...10_000_000),
      ]
    ) { options, _ in
      guard options.double("low") < options.double("high") else {
        throw EBMError.invalidOption(component: "grid-mode", option: "low", reason: "must be below high")
      }
      return GridModeInference(low: options.float("low"), high: options.float("high"), count: options.int("count"))
    }
  }
}
