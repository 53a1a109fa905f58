import EBMProtocols

extension NoiseContrastiveEstimation {
  /// The options of `nce`, with the paper's defaults (M = 1024 as in Gustafsson et al. 2020).
  public struct Options: TypedOptions, Equatable {
    /// M, noise samples per example (noise-to-data ratio).
    public var samples: Int = 1024

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("samples", \.samples, "M, noise samples per example (noise-to-data ratio)", range: 1...1_000_000),
    ]
  }

  /// The objective with `options` (default: the paper's).
  public init(_ options: Options = Options()) {
    self.init(samples: options.samples)
  }
}
