import EBMProtocols

extension RosenbrockEnergy {
  /// The options of `rosenbrock`.
  public struct Options: TypedOptions, Equatable {
    /// Centre of x₁.
    public var a: Float = 1
    /// Curvature weight.
    public var b: Float = 5

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .float("a", \.a, "centre of x₁"),
      .float("b", \.b, "curvature weight", range: 1e-6...1e6),
    ]
  }
}
