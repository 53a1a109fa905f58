import EBMProtocols

/// The options of the LeCun losses whose one parameter is a margin m, `hinge` and
/// `square-square` (LeCun et al. 2006, section 2.2.3), and of their most offending
/// search.
public struct LeCunMarginOptions: TypedOptions, Equatable {
  /// margin m.
  public var margin: Float = 1
  /// The most offending search (continuous Y).
  public var search = MostOffendingSearch.Options()

  public init() {}

  public static let fields: [OptionField<LeCunMarginOptions>] =
    [.float("margin", \.margin, "margin m", range: 0...1e6)]
    + MostOffendingSearch.Options.fields.map { $0.nested(in: \.search) }
}
