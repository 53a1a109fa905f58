import EBMProtocols

extension LeCunSquareExponentialLoss {
  /// The options of `square-exponential` (LeCun et al. 2006) and of its most offending search.
  public struct Options: TypedOptions, Equatable {
    /// γ, weight of the exponential term.
    public var gamma: Float = 1
    /// The most offending search (continuous Y).
    public var search = MostOffendingSearch.Options()

    public init() {}

    public static let fields: [OptionField<Options>] =
      [.float("gamma", \.gamma, "γ, weight of the exponential term", range: 1e-9...1e9)]
      + MostOffendingSearch.Options.fields.map { $0.nested(in: \.search) }
  }

  public init(_ options: Options) {
    self.init(gamma: options.gamma, search: MostOffendingSearch(options.search))
  }
}
