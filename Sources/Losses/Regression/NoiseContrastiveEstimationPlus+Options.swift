import EBMProtocols

extension NoiseContrastiveEstimationPlus {
  /// The options of `nce+`, with the paper's defaults (Gustafsson et al. 2020: M = 1024, β = 0.025).
  public struct Options: TypedOptions, Equatable {
    /// M, noise samples per example.
    public var samples: Int = 1024
    /// β, scale of the noise added to the ground truth.
    public var beta: Float = 0.025

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("samples", \.samples, "M, noise samples per example", range: 1...1_000_000),
      .float("beta", \.beta, "β, scale of the noise added to the ground truth", range: 0...1e3),
    ]
  }

  /// The objective with `options` (default: the paper's).
  public init(_ options: Options = Options()) {
    self.init(samples: options.samples, beta: options.beta)
  }
}
