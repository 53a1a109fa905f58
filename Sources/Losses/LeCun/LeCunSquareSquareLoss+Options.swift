import EBMProtocols

extension LeCunSquareSquareLoss {
  /// The options of `square-square`: the margin m and the most offending search.
  public typealias Options = LeCunMarginOptions

  public init(_ options: Options) {
    self.init(margin: options.margin, search: MostOffendingSearch(options.search))
  }
}
