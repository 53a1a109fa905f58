import EBMProtocols

extension LossRegistration {
  static func registerOOD(in registry: inout Registry) {
    registry.objectives.register(
      name: "cross-entropy", summary: "Classifier cross-entropy (NLL of the label Gibbs distribution)",
      details: "L = (1/B) Σ [E(x, y) + log Σ_y' exp(−E(x, y'))]. Pretraining for OOD detection.",
      aliases: ["ce"]
    ) { _, _ in CrossEntropyObjective() }

    registry.objectives.register(
      name: "oe", summary: "Outlier exposure (Hendrycks et al., ICLR 2019): CE + λ·CE(uniform, softmax(f(x_out)))",
      options: [.double("lambda", 0.5, "weight λ of the outlier term", range: 0...1000)],
      aliases: ["outlier-exposure"]
    ) { o, _ in OutlierExposureObjective(lambda: o.float("lambda")) }

    let hingeOptions: [OptionSpec] = [
      .double("weight", 0.1, "weight of the energy hinge terms", range: 0...1000),
      .double("m-in", -18, "inlier margin m_in (inlier energies above it are penalised)", range: -1e6...1e6),
      .double("m-out", -3, "outlier margin m_out (outlier energies below it are penalised)", range: -1e6...1e6),
    ]
    registry.objectives.register(
      name: "energy-oe",
      summary: "Energy fine-tuning with outliers (Liu et al., NeurIPS 2020): CE + w·(relu(E_in−m_in)² + relu(m_out−E_out)²)",
      options: hingeOptions, aliases: ["energy-ft"]
    ) { o, _ in
      EnergyOutlierObjective(weight: o.float("weight"), inlierMargin: o.float("m-in"), outlierMargin: o.float("m-out"))
    }

    @Sendable func balanced(_ o: ComponentOptions) -> BalancedEnergyObjective {
      BalancedEnergyObjective(
        gamma: o.float("gamma"), alpha: o.float("alpha"), weight: o.float("weight"), inlierMargin: o.float("m-in"),
        outlierMargin: o.float("m-out"))
    }
    let details = """
      Step 1: the pretrained classifier's argmax counts on the auxiliary outliers give P(y|o); P_γ = P^γ/ΣP^γ. \
      Step 2: Z = softmax(f(x_out))·P_γ weights the outlier hinge and shifts its margin: \
      Σ relu(m_out + αZ − E_out)² Z / ΣZ (the official code's sign).
      """
    registry.objectives.register(
      name: "balanced", summary: "Balanced energy regularisation (Choi et al., CVPR 2023): prior-weighted, margin-shifted outlier hinge",
      details: details,
      options: [
        .double("gamma", 0.75, "exponent γ of the outlier class prior", range: 0...100),
        .double("alpha", 6, "margin shift α (per unit of Z)", range: 0...1e6),
      ] + hingeOptions,
      aliases: ["balanced-energy"]
    ) { o, _ in balanced(o) }
    registry.objectives.register(
      name: "balanced-weight-only", summary: "Balanced energy loss with the prior weight only (α = 0)",
      details: details,
      options: [
        .double("gamma", 0.75, "exponent γ of the outlier class prior", range: 0...100),
        .double("alpha", 0, "margin shift α (0: weight only)", range: 0...1e6),
      ] + hingeOptions
    ) { o, _ in balanced(o) }
  }
}
