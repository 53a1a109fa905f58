import EBMProtocols

extension MLPClassifier {
  /// The options of `mlp-classifier`.
  public struct Options: TypedOptions, Equatable {
    /// Hidden width.
    public var width: Int = 128
    /// Number of hidden layers.
    public var depth: Int = 2

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("width", \.width, "hidden width", range: 1...65536),
      .int("depth", \.depth, "number of hidden layers", range: 0...64),
    ]
  }
}
