import EBMProtocols

extension SlicedScoreMatching {
  /// The options of `ssm` (Song et al. 2019: one Gaussian projection, variance reduction).
  public struct Options: TypedOptions, Equatable {
    /// Random projections per point.
    public var projections = 1
    /// Distribution of the projection directions v.
    public var projection = Projection.gaussian
    /// SSM-VR: ½‖∇E‖² replaces ½(vᵀ∇E)² (Gaussian v).
    public var varianceReduction = true
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .int("projections", \.projections, "random projections per point", range: 1...10_000),
      .choice("projection", \.projection, "distribution of v"),
      .bool("variance-reduction", \.varianceReduction, "SSM-VR: use ½‖∇E‖² (Gaussian v)"),
    ]
  }

  public init(_ options: Options) {
    self.init(projections: options.projections, projection: options.projection, varianceReduction: options.varianceReduction)
  }
}
