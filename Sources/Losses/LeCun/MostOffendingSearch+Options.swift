import EBMProtocols

extension MostOffendingSearch {
  /// The search settings, shared by every contrastive LeCun loss's options (embedded with
  /// ``OptionField/nested(in:)``).
  public struct Options: TypedOptions, Equatable {
    /// ε: for continuous Y, the most offending answer lies outside ‖Y − Yⁱ‖ < ε.
    public var epsilon: Float = 0.1
    /// Projected gradient steps of the search.
    public var steps = 20
    /// Step size η of the search.
    public var stepSize: Float = 0.05
    /// Starts of the search (the lowest end point wins).
    public var restarts = 4

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .float("epsilon", \.epsilon, "ε: for continuous Y, the most offending answer lies outside ‖Y − Yⁱ‖ < ε", range: 1e-9...1e9),
      .int("search-steps", \.steps, "continuous Y: projected gradient steps searching for the most offending answer", range: 0...100_000),
      .float("search-step-size", \.stepSize, "continuous Y: step size of that search", range: 0...1e6),
      .int("restarts", \.restarts, "continuous Y: starts of that search (the lowest end point wins)", range: 1...1024),
    ]
  }

  /// The search with `options` (default: ε = 0.1, 20 steps of 0.05, 4 restarts).
  public init(_ options: Options) {
    self.init(epsilon: options.epsilon, steps: options.steps, stepSize: options.stepSize, restarts: options.restarts)
  }
}
