import EBMProtocols

extension LangevinSampler {
  /// The options of `langevin` (and, with a replay buffer of 10 000 chains, `replay-langevin`).
  public struct Options: TypedOptions, Equatable {
    /// Langevin steps per request.
    public var steps = 100
    /// η, the step size.
    public var stepSize = 0.01
    /// σ, the noise scale (1: exact Langevin).
    public var noiseScale = 1.0
    /// c: each gradient coordinate is clamped to [−c, c] (0: off).
    public var clipGradient = 0.0
    /// The step-size schedule within a run.
    public var schedule = StepSizeSchedule.Kind.constant
    /// The last step size of a linear or geometric schedule.
    public var finalStepSize = 0.001
    /// Replay-buffer chains (0: no persistent chains).
    public var bufferSize = 0
    /// Share of buffer chains restarted from noise per request.
    public var reinit = 0.05
    /// Where chains without a given start begin.
    public var start = ChainInitialization.Kind.uniform
    /// Scale of that start: uniform in [−s, s]^d or N(0, s²).
    public var startScale: Float = 4

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("steps", \.steps, "Langevin steps per request", range: 0...1_000_000),
      .double("step-size", \.stepSize, "step size η", range: 1e-12...1e6),
      .double("noise-scale", \.noiseScale, "noise scale σ (1: exact Langevin)", range: 0...1e6),
      .double("clip-gradient", \.clipGradient, "clamp each gradient coordinate to [-c, c] (0: off)", range: 0...1e12),
      .choice("schedule", \.schedule, "step-size schedule within a run"),
      .double("final-step-size", \.finalStepSize, "last step size for linear/geometric schedules", range: 1e-12...1e6),
      .int("buffer-size", \.bufferSize, "replay-buffer chains (0: no persistent chains)", range: 0...100_000_000),
      .double("reinit", \.reinit, "share of buffer chains restarted from noise per request", range: 0...1),
      .choice("init", \.start, "noise that chains start from when no start is given"),
      .float("init-scale", \.startScale, "uniform in [-s, s]^d or N(0, s²)", range: 1e-9...1e9),
    ]
  }

  /// The options of `replay-langevin`: `langevin`'s with persistent chains in a replay buffer
  /// of 10 000 (Du & Mordatch 2019).
  public struct ReplayOptions: TypedOptions, Equatable {
    /// `langevin`'s options with a 10 000-chain buffer.
    public var langevin = Options()
    public init() { langevin.bufferSize = 10_000 }
    public static let fields: [OptionField<ReplayOptions>] = Options.fields.map { $0.nested(in: \.langevin) }
  }

  /// Langevin dynamics with `options` (default: 100 steps of η = 0.01, σ = 1, from U[−4, 4]^d).
  public init(_ options: Options = Options()) {
    self.init(
      steps: options.steps, stepSize: options.stepSize, noiseScale: options.noiseScale, gradientClip: options.clipGradient,
      schedule: StepSizeSchedule(options.schedule, final: options.finalStepSize),
      initialization: ChainInitialization(options.start, scale: options.startScale),
      buffer: options.bufferSize > 0 ? ReplayBuffer(capacity: options.bufferSize, reinitialization: options.reinit) : nil)
  }

  public init(_ options: ReplayOptions) { self.init(options.langevin) }
}
