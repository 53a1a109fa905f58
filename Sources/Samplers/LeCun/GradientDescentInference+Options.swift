import EBMProtocols

extension GradientDescentInference {
  /// The options of `gradient-descent`.
  public struct Options: TypedOptions, Equatable {
    /// T, gradient steps.
    public var steps = 100
    /// η, the step size.
    public var stepSize: Float = 0.1
    /// The initial value of every coordinate when no initial answer is given.
    public var start: Float = 0
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .int("steps", \.steps, "T, gradient steps", range: 0...10_000_000),
      .float("step-size", \.stepSize, "η", range: 0...1e6),
      .float("start", \.start, "initial value of every coordinate when no initial answer is given"),
    ]
  }

  public init(_ options: Options) {
    self.init(steps: options.steps, stepSize: options.stepSize, start: options.start)
  }
}
