import EBMProtocols

extension LossRegistration {
  static func registerOOD(in registry: inout Registry) {
    registry.objectives.register(
      name: "oe", summary: "Outlier exposure (Hendrycks et al., ICLR 2019): CE + λ·CE(uniform, softmax(f(x_out)))",
      options: OutlierExposureObjective.Options.self, aliases: ["outlier-exposure"]
    ) { options, _ in OutlierExposureObjective(options) }
    registry.objectives.register(
      name: "energy-oe",
      summary: "Energy fine-tuning with outliers (Liu et al., NeurIPS 2020): CE + w·(relu(E_in−m_in)² + relu(m_out−E_out)²)",
      options: EnergyOutlierObjective.Options.self, aliases: ["energy-ft"]
    ) { options, _ in EnergyOutlierObjective(options) }

    let details = """
      Step 1: the pretrained classifier's argmax counts on the auxiliary outliers give P(y|o); P_γ = P^γ/ΣP^γ. \
      Step 2: Z = softmax(f(x_out))·P_γ weights the outlier hinge and shifts its margin: \
      Σ relu(m_out + αZ − E_out)² Z / ΣZ (the official code's sign).
      """
    registry.objectives.register(
      name: "balanced", summary: "Balanced energy regularisation (Choi et al., CVPR 2023): prior-weighted, margin-shifted outlier hinge",
      details: details, options: BalancedEnergyObjective.Options.self, aliases: ["balanced-energy"]
    ) { options, _ in BalancedEnergyObjective(options) }
    registry.objectives.register(
      name: "balanced-weight-only", summary: "Balanced energy loss with the prior weight only (α = 0)",
      details: details, options: BalancedEnergyObjective.WeightOnlyOptions.self
    ) { options, _ in BalancedEnergyObjective(options) }
  }
}
