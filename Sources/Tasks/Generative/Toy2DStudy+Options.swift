import EBMProtocols

extension Toy2DStudy {
  /// The options of `ebm study toy2d`.
  public struct Options: TypedOptions, Equatable {
    /// Datasets (2-D task names).
    public var datasets = ["8gaussians", "moons"]
    /// Objectives (registry names).
    public var methods = Toy2DStudy.allMethods
    /// Epochs per run (0: the task default).
    public var epochs = 0
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .strings("datasets", \.datasets, "datasets", allowed: Toy2DDistribution.allCases.map(\.rawValue)),
      .strings("methods", \.methods, "objectives (registry names)"),
      .int("epochs", \.epochs, "epochs per run (0: the task default)", range: 0...1_000_000),
    ]
  }

  /// The study with `options`.
  public init(_ options: Options) {
    self.init(datasets: options.datasets, methods: options.methods, epochs: options.epochs > 0 ? options.epochs : nil)
  }
}
