import EBMProtocols

extension GaussianEnergy {
  /// The options of `gaussian-energy` (a standard normal in 2-D by default).
  public struct Options: TypedOptions, Equatable {
    /// Mean μ.
    public var mean: [Double] = [0, 0]
    /// Covariance Σ, row-major d×d.
    public var covariance: [Double] = [1, 0, 0, 1]

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .doubles("mean", \.mean, "mean μ"),
      .doubles("covariance", \.covariance, "covariance Σ, row-major d×d"),
    ]
  }
}
