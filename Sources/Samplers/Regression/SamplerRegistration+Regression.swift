import EBMProtocols

extension SamplerRegistration {
  /// The Gaussian-mixture proposal and the inference methods of Gustafsson et al. (2020).
  static func registerRegression(in registry: inout Registry) {
    registry.samplers.register(
      name: "gmm",
      summary: "Gaussian mixture centred on the target (equal weights), samples + log q (Gustafsson et al. 2020)",
      details: "One set of M offsets shared across the batch (as the reference code) unless per-example is set.",
      options: GaussianMixtureProposal.Options.self, aliases: ["gaussian-mixture"]
    ) { options, _ in GaussianMixtureProposal(options) }
    registry.inference.register(
      name: "gradient-ascent",
      summary: "Gradient ascent on f = −E over y from an initial estimate, with step decay (Gustafsson et al. 2020)",
      details: """
        y′ = y + λ ⊙ ∂f/∂y is kept when it increases f; otherwise that start's λ ← η λ. \
        λ = step-length × step-scales (one scale, or one per coordinate of y). With several starts per \
        example the prediction is the mean of the average-best starts of lowest energy.
        """,
      options: GradientAscentInference.Options.self
    ) { options, _ in GradientAscentInference(options) }
  }
}
