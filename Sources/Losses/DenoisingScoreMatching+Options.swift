import EBMProtocols

extension DenoisingScoreMatching {
  /// The options of `dsm`, with the paper's defaults (Gustafsson et al. 2020, dataset 1: σ = 0.2, M = 1024).
  public struct Options: TypedOptions, Equatable {
    /// σ of the corrupting noise.
    public var sigma: Float = 0.2
    /// M, noisy copies per example.
    public var samples: Int = 1024

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .float("sigma", \.sigma, "σ of the corrupting noise", range: 1e-9...1e6),
      .int("samples", \.samples, "M, noisy copies per example", range: 1...1_000_000),
    ]
  }

  /// The objective with `options` (default: the paper's).
  public init(_ options: Options = Options()) {
    self.init(sigma: options.sigma, samples: options.samples)
  }
}
