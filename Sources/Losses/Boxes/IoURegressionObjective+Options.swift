import EBMProtocols

extension IoURegressionObjective {
  /// The options of `iou-regression` (M = 128 proposals, r = 32: the box tasks' 64-pixel crops).
  public struct Options: TypedOptions, Equatable {
    /// M, proposals per example.
    public var samples: Int = 128
    /// r, crop pixels per unit of u₁ and u₂.
    public var referenceSize: Float = 32

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("samples", \.samples, "M, proposals per example", range: 1...1_000_000),
      .float(
        "reference-size", \.referenceSize, "r, crop pixels per unit of u₁ and u₂ (the box tasks: crop size / 2)",
        range: 1e-6...1e6),
    ]
  }

  /// The objective with `options`.
  public init(_ options: Options = Options()) {
    self.init(samples: options.samples, referenceSize: options.referenceSize)
  }
}
