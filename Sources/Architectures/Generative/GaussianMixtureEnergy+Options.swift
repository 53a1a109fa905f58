import EBMProtocols

extension GaussianMixtureEnergy {
  /// The options of `gmm-energy` (two components at (±2, 0) by default).
  public struct Options: TypedOptions, Equatable {
    /// Component means, flattened K×d.
    public var means: [Double] = [-2, 0, 2, 0]
    /// Component standard deviations (K).
    public var stds: [Double] = [0.5, 0.5]
    /// Mixture weights (K, normalised).
    public var weights: [Double] = [0.5, 0.5]
    /// Dimension d.
    public var dimension: Int = 2

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .doubles("means", \.means, "component means, flattened K×d"),
      .doubles("stds", \.stds, "component standard deviations (K)", range: 1e-6...1e6),
      .doubles("weights", \.weights, "mixture weights (K, normalised)", range: 1e-12...1e12),
      .int("dimension", \.dimension, "dimension d", range: 1...1024),
    ]

    public func validate(component: String) throws {
      guard means.count % dimension == 0 else {
        throw EBMError.invalidOption(
          component: component, option: "means", reason: "must have a multiple of dimension=\(dimension) entries, got \(means.count)")
      }
    }
  }
}
