import EBMProtocols

extension GaussianMixtureProposal {
  /// The options of `gmm` (Gustafsson et al. 2020: σ = 0.1, 0.8 for NCE/NCE+; 0.2, 1.6 for
  /// ML-IS/KLD-IS, set per objective by the regression tasks).
  public struct Options: TypedOptions, Equatable {
    /// The component standard deviations σ_k (equal weights).
    public var stds: [Float] = [0.1, 0.8]
    /// Separate offsets for every example instead of one set shared across the batch (the
    /// reference code shares them).
    public var perExample = false
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .floats("stds", \.stds, "component standard deviations (NCE/NCE+: 0.1, 0.8; ML-IS/KLD-IS: 0.2, 1.6)", range: 1e-6...1e6),
      .bool("per-example", \.perExample, "draw separate offsets for every example instead of sharing them across the batch"),
    ]
    public func validate(component: String) throws {
      guard !stds.isEmpty else {
        throw EBMError.invalidOption(component: component, option: "stds", reason: "needs at least one standard deviation")
      }
    }
  }

  /// The mixture with `options`.
  public init(_ options: Options = Options()) { self.init(stds: options.stds, perExample: options.perExample) }
}
