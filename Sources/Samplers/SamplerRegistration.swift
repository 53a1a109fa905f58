import EBMProtocols

/// Registers the samplers and inference methods of the `Samplers` module by name.
///
/// One file per body of work adds its samplers (`Regression/SamplerRegistration+Regression.swift`,
/// `LeCun/…+LeCun.swift`); samplers shared by every body of work (the Gaussian proposal and the
/// MCMC dynamics: Langevin, MALA, HMC) are registered here.
public enum SamplerRegistration {
  /// Registers every sampler and inference method of this module in `registry`.
  public static func register(in registry: inout Registry) {
    registerShared(in: &registry)
    registerDynamics(in: &registry)
    registerRegression(in: &registry)
    registerLeCun(in: &registry)
  }

  /// Samplers every body of work uses: the Gaussian proposal.
  static func registerShared(in registry: inout Registry) {
    registry.samplers.register(
      name: "gaussian",
      summary: "Gaussian proposal: N(target, std²) for conditional energies, N(μ, Σ) fitted to the data for unconditional ones",
      details: "For unconditional energies without a centre, prepare(data:) fits the mean and full covariance of the training data (the NCE noise distribution).",
      options: GaussianProposal.Options.self
    ) { options, _ in GaussianProposal(options) }
  }

  /// MCMC dynamics every body of work uses: Langevin (with a replay buffer), MALA, HMC.
  static func registerDynamics(in registry: inout Registry) {
    registry.samplers.register(
      name: "langevin", summary: "unadjusted Langevin dynamics x ← x − η∇E + σ√(2η)ξ",
      details: "Welling & Teh 2011; with buffer-size > 0, persistent chains in a replay buffer (Du & Mordatch 2019).",
      options: LangevinSampler.Options.self, aliases: ["ula"]
    ) { options, _ in LangevinSampler(options) }
    registry.samplers.register(
      name: "replay-langevin", summary: "Langevin dynamics with persistent chains in a replay buffer (Du & Mordatch 2019)",
      details: "Requests without start points continue stored chains; a share 'reinit' restarts from noise.",
      options: LangevinSampler.ReplayOptions.self
    ) { options, _ in LangevinSampler(options) }
    registry.samplers.register(
      name: "mala", summary: "Metropolis-adjusted Langevin algorithm (exact for any step size)",
      options: MALASampler.Options.self
    ) { options, _ in MALASampler(options) }
    registry.samplers.register(
      name: "hmc", summary: "Hamiltonian Monte Carlo with leapfrog steps and Metropolis correction",
      options: HMCSampler.Options.self
    ) { options, _ in HMCSampler(options) }
  }
}
