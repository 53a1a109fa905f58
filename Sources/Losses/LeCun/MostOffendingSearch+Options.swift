import EBMProtocols

extension MostOffendingSearch {
  /// The registry options of the search, shared by every contrastive LeCun loss.
  static let optionSpecs: [OptionSpec] = [
    .double("epsilon", 0.1, "ε: for continuous Y, the most offending answer lies outside ‖Y − Yⁱ‖ < ε", range: 1e-9...1e9),
    .int("search-steps", 20, "continuous Y: projected gradient steps searching for the most offending answer", range: 0...100_000),
    .double("search-step-size", 0.05, "continuous Y: step size of that search", range: 0...1e6),
    .int("restarts", 4, "continuous Y: starts of that search (the lowest end point wins)", range: 1...1024),
  ]

  /// Reads the search settings from a loss's options.
  init(options o: ComponentOptions) {
    self.init(
      epsilon: o.float("epsilon"), steps: o.int("search-steps"), stepSize: o.float("search-step-size"),
      restarts: o.int("restarts"))
  }
}
