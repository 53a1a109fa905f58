import EBMProtocols

extension ExhaustiveInference {
  /// The options of `exhaustive` (the grid is used for continuous Y only).
  public struct Options: TypedOptions, Equatable {
    /// Lowest grid value per dimension.
    public var lower: Float = -1
    /// Highest grid value per dimension.
    public var upper: Float = 1
    /// Grid points per dimension.
    public var points = 201

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .float("lower", \.lower, "continuous Y: lowest grid value per dimension"),
      .float("upper", \.upper, "continuous Y: highest grid value per dimension"),
      .int("points", \.points, "continuous Y: grid points per dimension", range: 2...1_000_000),
    ]

    public func validate(component: String) throws {
      guard lower < upper else {
        throw EBMError.invalidOption(component: component, option: "upper", reason: "must exceed lower (\(lower))")
      }
    }
  }

  /// Exhaustive search with `options` (default: every label; for continuous Y 201 points per
  /// dimension on [−1, 1]).
  public init(_ options: Options = Options()) {
    self.init(lower: options.lower, upper: options.upper, points: options.points)
  }
}
