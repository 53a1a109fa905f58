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
      options: [
        .double("std", 1, "standard deviation around a centre (and of the unfitted noise)", range: 1e-6...1e6),
        .bool("per-example", false, "draw separate offsets for every example instead of sharing them across the batch"),
      ]
    ) { options, _ in
      GaussianProposal(std: options.float("std"), perExample: options.bool("per-example"))
    }
  }

  /// MCMC dynamics every body of work uses: Langevin (with a replay buffer), MALA, HMC.
  static func registerDynamics(in registry: inout Registry) {
    let initOptions: [OptionSpec] = [
      .choice("init", "uniform", ["uniform", "normal"], "noise that chains start from when no start is given"),
      .double("init-scale", 4, "uniform in [-s, s]^d or N(0, s²)", range: 1e-9...1e9),
    ]
    @Sendable func initialization(_ o: ComponentOptions) -> ChainInitialization {
      o.string("init") == "normal" ? .normal(scale: o.float("init-scale")) : .uniform(scale: o.float("init-scale"))
    }
    func langevinOptions(bufferSize: Int) -> [OptionSpec] {
      [
        .int("steps", 100, "Langevin steps per request", range: 0...1_000_000),
        .double("step-size", 0.01, "step size η", range: 1e-12...1e6),
        .double("noise-scale", 1, "noise scale σ (1: exact Langevin)", range: 0...1e6),
        .double("clip-gradient", 0, "clamp each gradient coordinate to [-c, c] (0: off)", range: 0...1e12),
        .choice("schedule", "constant", ["constant", "linear", "geometric"], "step-size schedule within a run"),
        .double("final-step-size", 0.001, "last step size for linear/geometric schedules", range: 1e-12...1e6),
        .int("buffer-size", bufferSize, "replay-buffer chains (0: no persistent chains)", range: 0...100_000_000),
        .double("reinit", 0.05, "share of buffer chains restarted from noise per request", range: 0...1),
      ] + initOptions
    }
    let makeLangevin: @Sendable (ComponentOptions, ComponentContext) throws -> any ProposalSampler = { o, _ in
      let schedule: StepSizeSchedule =
        switch o.string("schedule") {
        case "linear": .linear(final: o.double("final-step-size"))
        case "geometric": .geometric(final: o.double("final-step-size"))
        default: .constant
        }
      let size = o.int("buffer-size")
      return LangevinSampler(
        steps: o.int("steps"), stepSize: o.double("step-size"), noiseScale: o.double("noise-scale"),
        gradientClip: o.double("clip-gradient"), schedule: schedule, initialization: initialization(o),
        buffer: size > 0 ? ReplayBuffer(capacity: size, reinitialization: o.double("reinit")) : nil)
    }
    registry.samplers.register(
      name: "langevin", summary: "unadjusted Langevin dynamics x ← x − η∇E + σ√(2η)ξ",
      details: "Welling & Teh 2011; with buffer-size > 0, persistent chains in a replay buffer (Du & Mordatch 2019).",
      options: langevinOptions(bufferSize: 0), aliases: ["ula"], make: makeLangevin)
    registry.samplers.register(
      name: "replay-langevin", summary: "Langevin dynamics with persistent chains in a replay buffer (Du & Mordatch 2019)",
      details: "Requests without start points continue stored chains; a share 'reinit' restarts from noise.",
      options: langevinOptions(bufferSize: 10_000), make: makeLangevin)
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
