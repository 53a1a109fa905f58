import EBMProtocols

extension GradientAscentInference {
  /// The options of `gradient-ascent` (Gustafsson et al. 2020: T = 10, λ₀ = 1e-3, η = 0.5).
  public struct Options: TypedOptions, Equatable {
    /// T, refinement steps.
    public var steps = 10
    /// λ₀, the initial step length.
    public var stepLength = 1e-3
    /// Per-coordinate multipliers of λ₀ (one for all, or one per coordinate of y).
    public var stepScales: [Double] = [1]
    /// η, the decay of λ after a rejected step.
    public var decay: Float = 0.5
    /// k: predict the mean of the k lowest-energy refined starts.
    public var averageBest = 1
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .int("steps", \.steps, "T, refinement steps", range: 0...100_000),
      .double("step-length", \.stepLength, "λ₀, the initial step length", range: 1e-12...1e6),
      .doubles("step-scales", \.stepScales, "per-coordinate multipliers of λ₀ (one for all, or one per coordinate)", range: 1e-6...1e6),
      .float("decay", \.decay, "η, decay of λ after a rejected step", range: 1e-6...1),
      .int("average-best", \.averageBest, "k: predict the mean of the k lowest-energy refined starts", range: 1...1000),
    ]
    public func validate(component: String) throws {
      guard !stepScales.isEmpty else {
        throw EBMError.invalidOption(component: component, option: "step-scales", reason: "needs at least one value")
      }
    }
  }

  /// Gradient ascent with `options`: λ = step-length × each step scale.
  public init(_ options: Options = Options()) {
    self.init(
      steps: options.steps, stepLengths: options.stepScales.map { Float($0 * options.stepLength) }, decay: options.decay,
      averagedStarts: options.averageBest)
  }
}
