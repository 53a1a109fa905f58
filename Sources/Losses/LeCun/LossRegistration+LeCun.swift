import EBMProtocols

extension LossRegistration {
  /// LeCun et al.'s loss catalogue ("A Tutorial on Energy-Based Learning", 2006, section 2.2):
  /// `energy`, `perceptron`, `hinge`, `log`, `lvq2`, `mce`, `square-square`,
  /// `square-exponential`; the negative log-likelihood `nll` is registered with the shared objectives.
  static func registerLeCun(in registry: inout Registry) {
    let search = MostOffendingSearch.Options.self
    let tutorial = "LeCun et al., A Tutorial on Energy-Based Learning (2006), section 2.2"
    registry.objectives.register(
      name: "energy", summary: "Energy loss E(Yⁱ): collapses unless the architecture prevents it (LeCun et al. 2006)",
      details: "L = E(W, Yⁱ, Xⁱ). \(tutorial).1."
    ) { _, _ in LeCunEnergyLoss() }
    registry.objectives.register(
      name: "perceptron", summary: "Generalised perceptron loss E(Yⁱ) − min_Y E(Y) (LeCun et al. 2006)",
      details: "L = E(W, Yⁱ, Xⁱ) − min_Y E(W, Y, Xⁱ); no margin. \(tutorial).2.", options: search
    ) { o, _ in LeCunPerceptronLoss(search: MostOffendingSearch(o)) }
    registry.objectives.register(
      name: "hinge", summary: "Generalised margin hinge loss max(0, m + E(Yⁱ) − E(Ȳⁱ)) (LeCun et al. 2006)",
      details: "Ȳⁱ is the most offending incorrect answer. \(tutorial).3.",
      options: LeCunHingeLoss.Options.self
    ) { o, _ in LeCunHingeLoss(o) }
    registry.objectives.register(
      name: "log", summary: "Log loss log(1 + exp(E(Yⁱ) − E(Ȳⁱ))) (LeCun et al. 2006)",
      details: "A soft hinge with infinite margin. \(tutorial).3.", options: search
    ) { o, _ in LeCunLogLoss(search: MostOffendingSearch(o)) }
    registry.objectives.register(
      name: "lvq2", summary: "LVQ2 loss min(M, max(0, (E(Yⁱ) − E(Ȳⁱ)) / E(Ȳⁱ))) (LeCun et al. 2006)",
      details: "For positive energies. \(tutorial).3.",
      options: LeCunLVQ2Loss.Options.self
    ) { o, _ in LeCunLVQ2Loss(o) }
    registry.objectives.register(
      name: "mce", summary: "Minimum classification error loss σ(E(Yⁱ) − E(Ȳⁱ)) (LeCun et al. 2006)",
      details: "σ is the logistic function. \(tutorial).3.", options: search
    ) { o, _ in LeCunMCELoss(search: MostOffendingSearch(o)) }
    registry.objectives.register(
      name: "square-square", summary: "Square-square loss E(Yⁱ)² + max(0, m − E(Ȳⁱ))² (LeCun et al. 2006)",
      details: "\(tutorial).3.", options: LeCunSquareSquareLoss.Options.self
    ) { o, _ in LeCunSquareSquareLoss(o) }
    registry.objectives.register(
      name: "square-exponential", summary: "Square-exponential loss E(Yⁱ)² + γ exp(−E(Ȳⁱ)) (LeCun et al. 2006)",
      details: "\(tutorial).3.", options: LeCunSquareExponentialLoss.Options.self
    ) { o, _ in LeCunSquareExponentialLoss(o) }
  }
}
