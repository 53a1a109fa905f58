import EBMProtocols

extension ToyNet {
  /// The options of `toynet` (Gustafsson et al. 2020: hidden width 10).
  public struct Options: TypedOptions, Equatable {
    /// Hidden width (the paper: 10).
    public var hidden: Int = 10

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("hidden", \.hidden, "hidden width (the paper: 10)", range: 1...4096)
    ]
  }
}
