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
      details: "y′ = y + λ ∂f/∂y is kept when it increases f; otherwise λ ← η λ. Per example.",
      options: [
        .int("steps", 10, "T, refinement steps", range: 0...100_000),
        .double("step-length", 1e-3, "λ, the initial step length", range: 1e-12...1e6),
        .double("decay", 0.5, "η, decay of λ after a rejected step", range: 1e-6...1),
      ]
    ) { options, _ in
      GradientAscentInference(
        steps: options.int("steps"), stepLength: options.float("step-length"), decay: options.float("decay"))
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
