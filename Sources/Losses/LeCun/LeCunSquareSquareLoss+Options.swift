import EBMProtocols

extension LeCunSquareSquareLoss {
  /// The options of `square-square` (LeCun et al. 2006) and of its most offending search.
  public struct Options: TypedOptions, Equatable {
    /// margin m.
    public var margin: Float = 1
    /// The most offending search (continuous Y).
    public var search = MostOffendingSearch.Options()

    public init() {}

    public static let fields: [OptionField<Options>] =
      [.float("margin", \.margin, "margin m", range: 0...1e6)]
      + MostOffendingSearch.Options.fields.map { $0.nested(in: \.search) }
  }

  public init(_ options: Options) {
    self.init(margin: options.margin, search: MostOffendingSearch(options.search))
  }
}
