import EBMProtocols

extension OODDigitsTask {
  /// The options of `ood-digits`: the OOD score its metrics use.
  public struct Options: TypedOptions, Equatable {
    /// The OOD score used by the metrics.
    public var score = OODScore.Kind.energy
    /// T, the temperature of the energy score.
    public var temperature = 1.0
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .choice("score", \.score, "OOD score used by the metrics"),
      .double("temperature", \.temperature, "temperature T of the energy score", range: 1e-6...1e6),
    ]
  }

  /// The task on the bundled data, scored by `options`.
  public init(_ options: Options) {
    self.init(score: OODScore(options.score, temperature: options.temperature))
  }
}
