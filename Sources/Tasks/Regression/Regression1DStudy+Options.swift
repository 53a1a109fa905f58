import EBMProtocols

extension Regression1DStudy {
  /// The options of `ebm study regression1d`.
  public struct Options: TypedOptions, Equatable {
    /// Training methods (objectives).
    public var methods = Regression1DStudy.allMethods
    /// Datasets (1, 2).
    public var datasets = [1, 2]
    /// Epochs per run (0: the paper's 75, from the task defaults).
    public var epochs = 0
    /// Seed of the training-data draw (fixed across run seeds, as in the reference).
    public var dataSeed = 0
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .strings("methods", \.methods, "training methods", allowed: Regression1DStudy.allMethods),
      .ints("datasets", \.datasets, "datasets (1, 2)", range: 1...2),
      .int("epochs", \.epochs, "epochs per run (0: the paper's 75)", range: 0...100_000),
      .int("data-seed", \.dataSeed, "seed of the training-data draw (fixed across run seeds, as in the reference)", range: 0...Double(Int32.max)),
    ]
  }

  /// The study with `options`.
  public init(_ options: Options) {
    self.init(
      methods: options.methods, datasets: options.datasets, epochs: options.epochs == 0 ? nil : options.epochs,
      dataSeed: options.dataSeed)
  }
}
