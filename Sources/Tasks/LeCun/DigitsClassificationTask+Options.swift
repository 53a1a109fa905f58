import EBMProtocols

extension DigitsClassificationTask {
  /// The options of `digits`.
  public struct Options: TypedOptions, Equatable {
    /// Fraction of the digits held out for test.
    public var testFraction = 0.2
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .double("test-fraction", \.testFraction, "fraction held out for test", range: 0.01...0.99)
    ]
  }

  public init(_ options: Options) { self.init(testFraction: options.testFraction) }
}
