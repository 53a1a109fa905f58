/// What a training objective needs from the rest of a pipeline; checked when a pipeline is
/// composed, before training starts.
public struct ObjectiveRequirements: OptionSet, Sendable, Hashable {
  public let rawValue: Int
  public init(rawValue: Int) { self.rawValue = rawValue }

  /// A sampler whose proposal has a known density (log q).
  public static let densities = ObjectiveRequirements(rawValue: 1 << 0)
  /// A sampler that runs MCMC dynamics on the energy.
  public static let mcmcSamples = ObjectiveRequirements(rawValue: 1 << 1)
  /// Second-order autodiff (gradients of ∂E/∂y).
  public static let secondOrderGradients = ObjectiveRequirements(rawValue: 1 << 2)
  /// Integer labels in the batches.
  public static let labels = ObjectiveRequirements(rawValue: 1 << 3)
  /// Auxiliary outliers in the batches.
  public static let outliers = ObjectiveRequirements(rawValue: 1 << 4)
  /// Any sampler at all (density or dynamics).
  public static let anySampler = ObjectiveRequirements(rawValue: 1 << 5)

  /// Names for messages.
  public var names: [String] {
    var result: [String] = []
    if contains(.densities) { result.append("proposal densities (log q)") }
    if contains(.mcmcSamples) { result.append("MCMC samples") }
    if contains(.secondOrderGradients) { result.append("second-order gradients") }
    if contains(.labels) { result.append("labels") }
    if contains(.outliers) { result.append("auxiliary outliers") }
    if contains(.anySampler) { result.append("a sampler") }
    return result
  }
}
