import EBMProtocols

extension MaximumLikelihoodMCMC {
  /// The options of `ml-mcmc`, with the paper's defaults (Gustafsson et al. 2020, dataset 1: λ = 0.05, L = 16, M = 1024).
  public struct Options: TypedOptions, Equatable {
    /// λ, the Langevin step.
    public var lambda: Float = 0.05
    /// L, Langevin steps.
    public var steps: Int = 16
    /// M, chains per example.
    public var samples: Int = 1024

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .float("lambda", \.lambda, "λ, the Langevin step", range: 1e-9...1e3),
      .int("steps", \.steps, "L, Langevin steps", range: 0...100_000),
      .int("samples", \.samples, "M, chains per example", range: 1...1_000_000),
    ]
  }

  /// The objective with `options` (default: the paper's).
  public init(_ options: Options = Options()) {
    self.init(lambda: options.lambda, steps: options.steps, samples: options.samples)
  }
}
