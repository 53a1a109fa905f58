import EBMProtocols

extension MLPEnergy {
  /// The options of `mlp`.
  public struct Options: TypedOptions, Equatable {
    /// Hidden units per layer.
    public var width: Int = 128
    /// Hidden layers.
    public var depth: Int = 3
    /// Hidden nonlinearity.
    public var activation: MLPActivation = .silu

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("width", \.width, "hidden units per layer", range: 1...65536),
      .int("depth", \.depth, "hidden layers", range: 1...64),
      .choice("activation", \.activation, "hidden nonlinearity"),
    ]
  }
}
