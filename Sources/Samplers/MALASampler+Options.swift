import EBMProtocols

extension MALASampler {
  /// The options of `mala`.
  public struct Options: TypedOptions, Equatable {
    /// MALA steps per request.
    public var steps = 100
    /// η, the Langevin proposal's step size.
    public var stepSize = 0.01
    /// Where chains without a given start begin.
    public var start = ChainInitialization.Kind.uniform
    /// Scale of that start: uniform in [−s, s]^d or N(0, s²).
    public var startScale: Float = 4

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("steps", \.steps, "MALA steps", range: 0...1_000_000),
      .double("step-size", \.stepSize, "step size η", range: 1e-12...1e6),
      .choice("init", \.start, "noise that chains start from when no start is given"),
      .float("init-scale", \.startScale, "uniform in [-s, s]^d or N(0, s²)", range: 1e-9...1e9),
    ]
  }

  /// MALA with `options` (default: 100 steps of η = 0.01 from U[−4, 4]^d).
  public init(_ options: Options = Options()) {
    self.init(
      steps: options.steps, stepSize: options.stepSize,
      initialization: ChainInitialization(options.start, scale: options.startScale))
  }
}
