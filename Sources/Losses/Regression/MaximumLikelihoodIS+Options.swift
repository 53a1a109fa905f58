import EBMProtocols

extension MaximumLikelihoodIS {
  /// The options of `ml-is`, with the paper's defaults (Gustafsson et al. 2020: M = 1024).
  public struct Options: TypedOptions, Equatable {
    /// M, proposal samples per example.
    public var samples: Int = 1024

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("samples", \.samples, "M, proposal samples per example", range: 1...1_000_000),
    ]
  }

  /// The objective with `options` (default: the paper's).
  public init(_ options: Options = Options()) {
    self.init(samples: options.samples)
  }
}
