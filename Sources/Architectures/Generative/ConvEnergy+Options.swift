import EBMProtocols

extension ConvEnergy {
  /// The options of `conv-energy`.
  public struct Options: TypedOptions, Equatable {
    /// Channels of the first conv block (doubling per block).
    public var width: Int = 32
    /// Number of conv blocks.
    public var depth: Int = 2
    /// Image channels (d = channels · side²).
    public var channels: Int = 1
    /// Hidden nonlinearity.
    public var activation: MLPActivation = .silu

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("width", \.width, "channels of the first conv block (doubling per block)", range: 1...4096),
      .int("depth", \.depth, "number of conv blocks", range: 0...16),
      .int("channels", \.channels, "image channels (d = channels · side²)", range: 1...4096),
      .choice("activation", \.activation, "hidden nonlinearity"),
    ]
  }
}
