extension LatentReduction {
  /// How Z is eliminated, as an option value (`reduction=min|free-energy`).
  public enum Kind: String, Sendable, CaseIterable {
    case min
    case freeEnergy = "free-energy"
  }

  /// The reduction of `kind` (β used by the free energy only).
  public init(_ kind: Kind, beta: Float) {
    switch kind {
    case .min: self = .minimum
    case .freeEnergy: self = .freeEnergy(beta: beta)
    }
  }
}
