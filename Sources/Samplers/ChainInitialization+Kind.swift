extension ChainInitialization {
  /// The distribution of fresh chains, as an option value (`init=uniform|normal`).
  public enum Kind: String, Sendable, CaseIterable {
    case uniform
    case normal
  }

  /// Fresh chains of `kind` at `scale`.
  public init(_ kind: Kind, scale: Float) {
    switch kind {
    case .uniform: self = .uniform(scale: scale)
    case .normal: self = .normal(scale: scale)
    }
  }
}
