import EBMProtocols

extension SamplerRegistration {
  /// Inference from LeCun et al.'s tutorial: `exhaustive`, `gradient-descent`, `gibbs`.
  static func registerLeCun(in registry: inout Registry) {
    registry.inference.register(
      name: "exhaustive", summary: "Y* = argmin_Y E over every label, or over a grid for continuous Y (LeCun et al. 2006)",
      options: [
        .double("lower", -1, "continuous Y: lowest grid value per dimension"),
        .double("upper", 1, "continuous Y: highest grid value per dimension"),
        .int("points", 201, "continuous Y: grid points per dimension", range: 2...1_000_000),
      ]
    ) { o, _ in
      guard o.double("lower") < o.double("upper") else {
        throw EBMError.invalidOption(component: "exhaustive", option: "upper", reason: "must exceed lower")
      }
      return ExhaustiveInference(lower: o.float("lower"), upper: o.float("upper"), points: o.int("points"))
    }
    registry.inference.register(
      name: "gradient-descent", summary: "Y ← Y − η ∂E/∂Y from an initial answer, for continuous Y (LeCun et al. 2006)",
      options: [
        .int("steps", 100, "T, gradient steps", range: 0...10_000_000),
        .double("step-size", 0.1, "η", range: 0...1e6),
        .double("start", 0, "initial value of every coordinate when no initial answer is given"),
      ]
    ) { o, _ in GradientDescentInference(steps: o.int("steps"), stepSize: o.float("step-size"), start: o.float("start")) }
    registry.inference.register(
      name: "gibbs", summary: "Draw Y from P(Y|X) ∝ exp(−β E(Y, X)) over labels (LeCun et al. 2006)",
      options: [
        .double("beta", 1, "β, the inverse temperature", range: 1e-9...1e9),
        .bool("mode", false, "return the most probable label instead of a draw"),
      ]
    ) { o, _ in GibbsInference(beta: o.float("beta"), mode: o.bool("mode")) }
  }
}
