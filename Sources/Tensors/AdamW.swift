/// Adam with decoupled weight decay, with the semantics of PyTorch's `torch.optim.AdamW`
/// (`amsgrad = false`).
///
/// For each parameter p with gradient g, at the parameter's t-th step:
///
/// ```
/// p ← p · (1 − η λ)                              (decoupled weight decay)
/// m ← β₁ m + (1 − β₁) g,     v ← β₂ v + (1 − β₂) g²
/// p ← p − η m̂ / (√v̂ + ε),   m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)
/// ```
///
/// The decay shrinks the weights directly instead of entering the gradient, so it is not
/// rescaled by the adaptive denominator. Apart from that the step is ``Adam``'s, and so is the
/// state layout.
///
/// References: I. Loshchilov, F. Hutter, "Decoupled Weight Decay Regularization", ICLR 2019;
/// PyTorch `torch.optim.AdamW`.
public struct AdamW: Optimizer {
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
  /// The decoupled weight decay λ ≥ 0: each step multiplies p by 1 − η λ.
  public let weightDecay: Float
  /// The number of ``update(_:along:)`` calls made so far.
  public private(set) var step: Int = 0
  /// Moment estimates and per-parameter step counts.
  private var moments = AdamMoments()

  /// An AdamW optimizer.
  ///
  /// - Parameters:
  ///   - learningRate: The step size η, finite and ≥ 0. The default value is 0.001.
  ///   - beta1: β₁, in [0, 1). The default value is 0.9.
  ///   - beta2: β₂, in [0, 1). The default value is 0.999.
  ///   - epsilon: ε, finite and ≥ 0. The default value is 1e-8.
  ///   - weightDecay: The decoupled weight decay λ, finite and ≥ 0. The default value is
  ///     0.01 (PyTorch's default).
  /// - Throws: ``OptimizerError/invalidHyperparameter(owner:name:value:requirement:)`` naming
  ///   the first invalid argument.
  public init(
    learningRate: Float = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Float = 1e-8, weightDecay: Float = 0.01
  ) throws {
    try AdamMoments.checkHyperparameters(
      learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
      owner: "AdamW")
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
  }

  /// Applies one AdamW step (see ``AdamW``) to every parameter that has a gradient.
  ///
  /// - Complexity: O(number of elements) per parameter.
  public mutating func update(
    _ parameters: inout [String: Tensor], along gradients: [String: Tensor]
  ) {
    OptimizerChecks.checkGradients(gradients, for: parameters, owner: "AdamW")
    step += 1
    // 1 − η λ computed in Double and rounded once, as PyTorch does with Python floats.
    let shrink = Float(1 - Double(learningRate) * Double(weightDecay))
    for name in parameters.keys.sorted() {
      guard let gradient = gradients[name], let parameter = parameters[name] else { continue }
      var p = parameter.scalars
      if weightDecay != 0 {
        for i in p.indices { p[i] *= shrink }
      }
      moments.step(
        name, parameter: &p, gradient: gradient.scalars, parameter: parameter,
        learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon)
      parameters[name] = Tensor(shape: parameter.shape, scalars: p)
    }
  }

  /// The step count and the slots `"m/<p>"`, `"v/<p>"` and `"step/<p>"`, as for ``Adam``.
  public var state: OptimizerState {
    OptimizerState(step: step, slots: moments.slots)
  }

  /// Restores a state captured from an ``AdamW`` (or ``Adam``) with the same configuration.
  ///
  /// - Throws: ``OptimizerError/invalidState(owner:reason:)`` as ``Adam/restore(_:)`` does.
  public mutating func restore(_ state: OptimizerState) throws {
    moments = try AdamMoments(restoring: state, owner: "AdamW")
    step = state.step
  }
}
