import EBMProtocols

extension LeCunStudy {
  /// The options of `ebm study lecun`.
  public struct Options: TypedOptions, Equatable {
    /// Losses run with every architecture but the regression energy.
    public var losses = LeCunStudy.allLosses
    /// Architectures.
    public var architectures = ["rbf", "logits-mlp", "regression-energy"]
    /// Losses run with the regression energy.
    public var regressionLosses = ["energy"]
    /// Epochs per run (0: the task's default, 30).
    public var epochs = 0
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .strings("losses", \.losses, "losses run with every architecture but the regression energy", allowed: LeCunStudy.allLosses),
      .strings("architectures", \.architectures, "architectures", allowed: LeCunStudy.allArchitectures),
      .strings("regression-losses", \.regressionLosses, "losses run with regression-energy", allowed: LeCunStudy.allLosses),
      .int("epochs", \.epochs, "epochs per run; 0 for the task's default (30)", range: 0...100_000),
    ]
  }

  /// The study with `options`.
  public init(_ options: Options) {
    self.init(
      losses: options.losses, architectures: options.architectures, regressionLosses: options.regressionLosses,
      epochs: options.epochs == 0 ? nil : options.epochs)
  }
}
