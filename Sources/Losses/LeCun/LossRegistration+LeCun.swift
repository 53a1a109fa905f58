import EBMProtocols

extension LossRegistration {
  /// LeCun et al.'s loss catalogue ("A Tutorial on Energy-Based Learning", 2006, section 2.2):
  /// `energy`, `perceptron`, `hinge`, `log`, `lvq2`, `mce`, `square-square`,
  /// `square-exponential`, `nll`.
  static func registerLeCun(in registry: inout Registry) {
    let search = MostOffendingSearch.optionSpecs
    let tutorial = "LeCun et al., A Tutorial on Energy-Based Learning (2006), section 2.2"
    registry.objectives.register(
      name: "energy", summary: "Energy loss E(Yⁱ): collapses unless the architecture prevents it (LeCun et al. 2006)",
      details: "L = E(W, Yⁱ, Xⁱ). \(tutorial).1."
    ) { _, _ in LeCunEnergyLoss() }
    registry.objectives.register(
      name: "perceptron", summary: "Generalised perceptron loss E(Yⁱ) − min_Y E(Y) (LeCun et al. 2006)",
      details: "L = E(W, Yⁱ, Xⁱ) − min_Y E(W, Y, Xⁱ); no margin. \(tutorial).2.", options: search
    ) { o, _ in LeCunPerceptronLoss(search: MostOffendingSearch(options: o)) }
    registry.objectives.register(
      name: "hinge", summary: "Generalised margin hinge loss max(0, m + E(Yⁱ) − E(Ȳⁱ)) (LeCun et al. 2006)",
      details: "Ȳⁱ is the most offending incorrect answer. \(tutorial).3.",
      options: [.double("margin", 1, "margin m", range: 0...1e6)] + search
    ) { o, _ in LeCunHingeLoss(margin: o.float("margin"), search: MostOffendingSearch(options: o)) }
    registry.objectives.register(
      name: "log", summary: "Log loss log(1 + exp(E(Yⁱ) − E(Ȳⁱ))) (LeCun et al. 2006)",
      details: "A soft hinge with infinite margin. \(tutorial).3.", options: search
    ) { o, _ in LeCunLogLoss(search: MostOffendingSearch(options: o)) }
    registry.objectives.register(
      name: "lvq2", summary: "LVQ2 loss min(M, max(0, (E(Yⁱ) − E(Ȳⁱ)) / E(Ȳⁱ))) (LeCun et al. 2006)",
      details: "For positive energies. \(tutorial).3.",
      options: [.double("saturation", 1, "M, the level at which the loss saturates", range: 1e-9...1e9)] + search
    ) { o, _ in LeCunLVQ2Loss(saturation: o.float("saturation"), search: MostOffendingSearch(options: o)) }
    registry.objectives.register(
      name: "mce", summary: "Minimum classification error loss σ(E(Yⁱ) − E(Ȳⁱ)) (LeCun et al. 2006)",
      details: "σ is the logistic function. \(tutorial).3.", options: search
    ) { o, _ in LeCunMCELoss(search: MostOffendingSearch(options: o)) }
    registry.objectives.register(
      name: "square-square", summary: "Square-square loss E(Yⁱ)² + max(0, m − E(Ȳⁱ))² (LeCun et al. 2006)",
      details: "\(tutorial).3.", options: [.double("margin", 1, "margin m", range: 0...1e6)] + search
    ) { o, _ in LeCunSquareSquareLoss(margin: o.float("margin"), search: MostOffendingSearch(options: o)) }
    registry.objectives.register(
      name: "square-exponential", summary: "Square-exponential loss E(Yⁱ)² + γ exp(−E(Ȳⁱ)) (LeCun et al. 2006)",
      details: "\(tutorial).3.", options: [.double("gamma", 1, "γ, weight of the exponential term", range: 1e-9...1e9)] + search
    ) { o, _ in LeCunSquareExponentialLoss(gamma: o.float("gamma"), search: MostOffendingSearch(options: o)) }
    registry.objectives.register(
      name: "nll", summary: "Negative log-likelihood E(Yⁱ) + (1/β) log Σ_Y exp(−β E(Y)) (LeCun et al. 2006)",
      details: "Also called MMI; discrete labels. \(tutorial).4.",
      options: [.double("beta", 1, "β, the inverse temperature of the Gibbs distribution", range: 1e-9...1e9)],
      aliases: ["mmi"]
    ) { o, _ in LeCunNLLLoss(beta: o.float("beta")) }
  }
}
