import EBMProtocols

extension Toy2DTask {
  /// The options of a 2-D generative task (one registration per ``Toy2DDistribution``, whose
  /// ``Toy2DDistribution/defaultNoise`` is the `noise` default there).
  public struct Options: TypedOptions, Equatable {
    /// Training points.
    public var size = 2000
    /// Held-out points (and model samples) for evaluation.
    public var testSize = 1000
    /// Validation points.
    public var validationSize = 0
    /// The generator's noise parameter (registered per distribution with its own default).
    public var noise = 0.0
    public init() {}
    /// The defaults of `distribution`'s task.
    public init(distribution: Toy2DDistribution) { noise = distribution.defaultNoise }
    public static let fields: [OptionField<Options>] = [
      .int("size", \.size, "training points", range: 1...10_000_000),
      .int("test-size", \.testSize, "held-out points (and model samples) for evaluation", range: 2...1_000_000),
      .int("validation-size", \.validationSize, "validation points", range: 0...10_000_000),
      .double("noise", \.noise, "the generator's noise parameter", range: 0...100),
    ]
  }

  /// The task on `distribution` with `options`.
  public init(distribution: Toy2DDistribution, options: Options) {
    self.init(
      distribution: distribution, size: options.size, testSize: options.testSize, validationSize: options.validationSize,
      noise: options.noise)
  }
}
