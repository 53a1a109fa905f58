import EBMProtocols

extension RBFEnergy {
  /// The options of `rbf`.
  public struct Options: TypedOptions, Equatable {
    /// D, the dimension of W X.
    public var features: Int = 32
    /// Standard deviation of the initial centres.
    public var centerStandardDeviation: Float = 0.1

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("features", \.features, "D, the dimension of W X", range: 1...100_000),
      .float("center-std", \.centerStandardDeviation, "standard deviation of the initial centres", range: 0...1e3),
    ]
  }
}
