import EBMProtocols

extension PrototypeRBFEnergy {
  /// The options of `latent-rbf` (the prototypes and how the latent Z is eliminated).
  public struct Options: TypedOptions, Equatable {
    /// D, the dimension of W X.
    public var features: Int = 32
    /// P = |Z|, prototypes per class.
    public var prototypes: Int = 3
    /// How Z is eliminated.
    public var reduction: LatentReduction.Kind = .min
    /// Β of the free energy.
    public var beta: Float = 1

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("features", \.features, "D, the dimension of W X", range: 1...100_000),
      .int("prototypes", \.prototypes, "P = |Z|, prototypes per class", range: 1...1000),
      .choice("reduction", \.reduction, "how Z is eliminated"),
      .float("beta", \.beta, "β of the free energy", range: 1e-9...1e9),
    ]
  }
}
