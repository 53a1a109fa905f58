extension OODScore {
  /// The score's name as an option value (`score=energy|msp|max-logit`).
  public enum Kind: String, Sendable, CaseIterable {
    case energy
    case msp
    case maxLogit = "max-logit"
  }

  /// The score of `kind` (the temperature is the energy score's).
  public init(_ kind: Kind, temperature: Double) {
    switch kind {
    case .energy: self = .energy(temperature: temperature)
    case .msp: self = .msp
    case .maxLogit: self = .maxLogit
    }
  }
}
