import EBMProtocols

extension NegativeLogLikelihood {
  /// The options of `nll` (alias `cross-entropy`), with LeCun et al.'s default β = 1.
  public struct Options: TypedOptions, Equatable {
    /// β, the inverse temperature of the Gibbs distribution (1: the cross-entropy).
    public var beta: Float = 1
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .float("beta", \.beta, "β, the inverse temperature of the Gibbs distribution (1: the cross-entropy)", range: 1e-9...1e9)
    ]
  }
}
