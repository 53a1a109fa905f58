import EBMProtocols

extension LeCunLVQ2Loss {
  /// The options of `lvq2` (LeCun et al. 2006) and of its most offending search.
  public struct Options: TypedOptions, Equatable {
    /// M, the level at which the loss saturates.
    public var saturation: Float = 1
    /// The most offending search (continuous Y).
    public var search = MostOffendingSearch.Options()

    public init() {}

    public static let fields: [OptionField<Options>] =
      [.float("saturation", \.saturation, "M, the level at which the loss saturates", range: 1e-9...1e9)]
      + MostOffendingSearch.Options.fields.map { $0.nested(in: \.search) }
  }

  public init(_ options: Options) {
    self.init(saturation: options.saturation, search: MostOffendingSearch(options.search))
  }
}
