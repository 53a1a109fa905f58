import EBMProtocols

extension DoubleWellEnergy {
  /// The options of `double-well`.
  public struct Options: TypedOptions, Equatable {
    /// Dimension d.
    public var dimension: Int = 2
    /// Barrier height h.
    public var barrier: Float = 2

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("dimension", \.dimension, "dimension d", range: 1...1024),
      .float("barrier", \.barrier, "barrier height h", range: 1e-6...1e6),
    ]
  }
}
