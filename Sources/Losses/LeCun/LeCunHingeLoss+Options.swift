import EBMProtocols

extension LeCunHingeLoss {
  /// The options of `hinge`: the margin m and the most offending search.
  public typealias Options = LeCunMarginOptions

  public init(_ options: Options) {
    self.init(margin: options.margin, search: MostOffendingSearch(options.search))
  }
}
