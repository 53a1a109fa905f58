/// The Adam optimizer with bias correction and optional coupled (L2) weight decay, with the
/// semantics of PyTorch's `torch.optim.Adam` (`amsgrad = false`).
///
/// For each parameter p with gradient g, at the parameter's t-th step (t = 1, 2, ...):
///
/// ```
/// g ← g + λ p                                   (L2 weight decay, if λ ≠ 0)
/// m ← β₁ m + (1 − β₁) g,     v ← β₂ v + (1 − β₂) g²       (m = v = 0 before the first step)
/// m̂ = m / (1 − β₁ᵗ),         v̂ = v / (1 − β₂ᵗ)
/// p ← p − η m̂ / (√v̂ + ε)
/// ```
///
/// ε is added after the square root, as in PyTorch. Like PyTorch, t counts the steps of each
/// parameter separately, so a parameter that first receives a gradient late still gets the
/// full bias correction. For decoupled weight decay use ``AdamW``.
///
/// References: D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015;
/// PyTorch `torch.optim.Adam`.
public struct Adam: Optimizer {
  /// The step size η.
  public var learningRate: Float
  /// The decay rate β₁ ∈ [0, 1) of the first-moment estimate.
  ///
  /// β₁ and β₂ are `Double`, like PyTorch's Python floats, so that 1 − β is accurate: with
  /// `Float`, 1 − 0.999 would carry a relative error of 10⁻⁵.
  public let beta1: Double
  /// The decay rate β₂ ∈ [0, 1) of the second-moment estimate.
  public let beta2: Double
  /// The term ε ≥ 0 added to √v̂ for numerical stability.
  public let epsilon: Float
  /// The coupled (L2) weight decay λ ≥ 0, added to the gradient as λ p.
  public let weightDecay: Float
  /// The number of ``update(_:along:)`` calls made so far.
  public private(set) var step: Int = 0
  /// Moment estimates and per-parameter step counts.
  private var moments = AdamMoments()

  /// An Adam optimizer.
  ///
  /// - Parameters:
  ///   - learningRate: The step size η, finite and ≥ 0. The default value is 0.001.
  ///   - beta1: β₁, in [0, 1). The default value is 0.9.
  ///   - beta2: β₂, in [0, 1). The default value is 0.999.
  ///   - epsilon: ε, finite and ≥ 0. The default value is 1e-8.
  ///   - weightDecay: The L2 weight decay λ, finite and ≥ 0. The default value is 0.
  /// - Throws: ``OptimizerError/invalidHyperparameter(owner:name:value:requirement:)`` naming
  ///   the first invalid argument.
  public init(
    learningRate: Float = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Float = 1e-8, weightDecay: Float = 0
  ) throws {
    try AdamMoments.checkHyperparameters(
      learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
      owner: "Adam")
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
  }

  /// Applies one Adam step (see ``Adam``) to every parameter that has a gradient.
  ///
  /// - Complexity: O(number of elements) per parameter.
  public mutating func update(
    _ parameters: inout [String: Tensor], along gradients: [String: Tensor]
  ) {
    OptimizerChecks.checkGradients(gradients, for: parameters, owner: "Adam")
    step += 1
    for name in parameters.keys.sorted() {
      guard let gradient = gradients[name], let parameter = parameters[name] else { continue }
      var p = parameter.scalars
      var g = gradient.scalars
      if weightDecay != 0 {
        for i in g.indices { g[i] += weightDecay * p[i] }
      }
      moments.step(
        name, parameter: &p, gradient: g, parameter: parameter, learningRate: learningRate,
        beta1: beta1, beta2: beta2, epsilon: epsilon)
      parameters[name] = Tensor(shape: parameter.shape, scalars: p)
    }
  }

  /// The step count and the slots `"m/<p>"`, `"v/<p>"` and `"step/<p>"` (the parameter's own
  /// step count t as a scalar, exact up to 2²⁴).
  public var state: OptimizerState {
    OptimizerState(step: step, slots: moments.slots)
  }

  /// Restores a state captured from an ``Adam`` (or ``AdamW``) with the same configuration.
  ///
  /// - Throws: ``OptimizerError/invalidState(owner:reason:)`` for a negative step, an unknown
  ///   slot kind, a parameter missing one of its three slots, m and v of different shapes, or
  ///   a step slot that is not a whole number ≥ 1.
  public mutating func restore(_ state: OptimizerState) throws {
    moments = try AdamMoments(restoring: state, owner: "Adam")
    step = state.step
  }
}
