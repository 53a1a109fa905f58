import EBMProtocols

extension RegressionEnergy {
  /// The options of `regression-energy` (also on label tasks, as ``OneHotRegressionEnergy``).
  public struct Options: TypedOptions, Equatable {
    /// Hidden widths of G_W; 0 for a linear map.
    public var hidden: [Int] = [64]
    /// Hidden nonlinearity.
    public var activation: MLPActivation = .tanh

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .ints("hidden", \.hidden, "hidden widths of G_W; 0 for a linear map", range: 0...100_000),
      .choice("activation", \.activation, "hidden nonlinearity"),
    ]
  }
}
