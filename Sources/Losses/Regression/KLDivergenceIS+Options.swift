import EBMProtocols

extension KLDivergenceIS {
  /// The options of `kld-is`, with the paper's defaults (Gustafsson et al. 2020: M = 1024, σ_p = 0.025).
  public struct Options: TypedOptions, Equatable {
    /// M, proposal samples per example.
    public var samples: Int = 1024
    /// σ_p of the label-noise density p.
    public var labelSigma: Float = 0.025

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("samples", \.samples, "M, proposal samples per example", range: 1...1_000_000),
      .float("label-sigma", \.labelSigma, "σ_p of the label-noise density p", range: 1e-9...1e6),
    ]
  }

  /// The objective with `options` (default: the paper's).
  public init(_ options: Options = Options()) {
    self.init(samples: options.samples, labelSigma: options.labelSigma)
  }
}
