import EBMProtocols

extension SamplerRegistration {
  /// Inference from LeCun et al.'s tutorial: `exhaustive`, `gradient-descent`, `gibbs`.
  static func registerLeCun(in registry: inout Registry) {
    registry.inference.register(
      name: "exhaustive", summary: "Y* = argmin_Y E over every label, or over a grid for continuous Y (LeCun et al. 2006)",
      details: "On a 1-D conditional energy, the mode of p(y|x) up to the grid spacing (alias grid-mode; e.g. lower=-3 upper=3 points=2048).",
      options: ExhaustiveInference.Options.self, aliases: ["grid-mode"]
    ) { options, _ in ExhaustiveInference(options) }
    registry.inference.register(
      name: "gradient-descent", summary: "Y ← Y − η ∂E/∂Y from an initial answer, for continuous Y (LeCun et al. 2006)",
      options: GradientDescentInference.Options.self
    ) { options, _ in GradientDescentInference(options) }
    registry.inference.register(
      name: "gibbs", summary: "Draw Y from P(Y|X) ∝ exp(−β E(Y, X)) over labels (LeCun et al. 2006)",
      options: GibbsInference.Options.self
    ) { options, _ in GibbsInference(options) }
  }
}
