import EBMProtocols

extension LogitsMLPEnergy {
  /// The options of `logits-mlp`.
  public struct Options: TypedOptions, Equatable {
    /// Hidden widths of f; 0 for a linear classifier.
    public var hidden: [Int] = [64]
    /// Hidden nonlinearity.
    public var activation: MLPActivation = .relu

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .ints("hidden", \.hidden, "hidden widths of f; 0 for a linear classifier", range: 0...100_000),
      .choice("activation", \.activation, "hidden nonlinearity"),
    ]
  }
}
