import EBMProtocols

extension HMCSampler {
  /// The options of `hmc`.
  public struct Options: TypedOptions, Equatable {
    /// HMC iterations per request (fresh momenta each).
    public var steps = 50
    /// Leapfrog steps per iteration.
    public var leapfrogSteps = 10
    /// ε, the leapfrog step.
    public var stepSize = 0.05
    /// m, the scalar mass.
    public var mass = 1.0
    /// Whether a Metropolis test corrects each iteration.
    public var metropolis = true
    /// Where chains without a given start begin.
    public var start = ChainInitialization.Kind.uniform
    /// Scale of that start: uniform in [−s, s]^d or N(0, s²).
    public var startScale: Float = 4

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("steps", \.steps, "HMC iterations (fresh momenta each)", range: 0...1_000_000),
      .int("leapfrog-steps", \.leapfrogSteps, "leapfrog steps per iteration", range: 1...100_000),
      .double("step-size", \.stepSize, "leapfrog step ε", range: 1e-12...1e6),
      .double("mass", \.mass, "scalar mass m", range: 1e-12...1e12),
      .bool("metropolis", \.metropolis, "Metropolis correction"),
      .choice("init", \.start, "noise that chains start from when no start is given"),
      .float("init-scale", \.startScale, "uniform in [-s, s]^d or N(0, s²)", range: 1e-9...1e9),
    ]
  }

  /// HMC with `options`.
  public init(_ options: Options = Options()) {
    self.init(
      steps: options.steps, leapfrogSteps: options.leapfrogSteps, stepSize: options.stepSize, mass: options.mass,
      metropolis: options.metropolis, initialization: ChainInitialization(options.start, scale: options.startScale))
  }
}
