import EBMProtocols

extension ConditionalMLP {
  /// The options of `conditional-mlp`.
  public struct Options: TypedOptions, Equatable {
    /// Hidden width.
    public var width: Int = 64
    /// Number of hidden layers.
    public var depth: Int = 3
    /// Hidden activation.
    public var activation: MLPActivation = .tanh

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("width", \.width, "hidden width", range: 1...8192),
      .int("depth", \.depth, "number of hidden layers", range: 1...64),
      .choice("activation", \.activation, "hidden activation"),
    ]
  }
}
