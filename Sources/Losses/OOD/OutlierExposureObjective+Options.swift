import EBMProtocols

extension OutlierExposureObjective {
  /// The options of `oe` (Hendrycks et al., ICLR 2019: λ = 0.5).
  public struct Options: TypedOptions, Equatable {
    /// λ, the weight of the outlier term.
    public var lambda: Float = 0.5
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .float("lambda", \.lambda, "weight λ of the outlier term", range: 0...1000)
    ]
  }

  public init(_ options: Options) { self.init(lambda: options.lambda) }
}
