import EBMProtocols

extension GibbsInference {
  /// The options of `gibbs`.
  public struct Options: TypedOptions, Equatable {
    /// β, the inverse temperature.
    public var beta: Float = 1
    /// Return the most probable label instead of a draw.
    public var mode = false
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .float("beta", \.beta, "β, the inverse temperature", range: 1e-9...1e9),
      .bool("mode", \.mode, "return the most probable label instead of a draw"),
    ]
  }

  public init(_ options: Options) { self.init(beta: options.beta, mode: options.mode) }
}
