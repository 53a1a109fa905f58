/// Stochastic gradient descent with optional momentum, Nesterov momentum and weight decay,
/// with the semantics of PyTorch's `torch.optim.SGD`.
///
/// For each parameter p with gradient g, with learning rate η, momentum μ, dampening τ and
/// weight decay λ:
///
/// ```
/// g ← g + λ p                                  (coupled weight decay, if λ ≠ 0)
/// b ← g                 on the parameter's first step (if μ ≠ 0)
/// b ← μ b + (1 − τ) g   afterwards
/// g ← g + μ b  (Nesterov)   or   g ← b  (classical momentum)
/// p ← p − η g
/// ```
///
/// With μ = 0 this is plain gradient descent, p ← p − η (g + λ p). The momentum buffer b is
/// the slot `"momentum/<p>"` of ``state``.
///
/// References: I. Sutskever, J. Martens, G. Dahl, G. Hinton, "On the importance of
/// initialization and momentum in deep learning", ICML 2013; PyTorch `torch.optim.SGD`.
public struct SGD: Optimizer {
  /// The step size η.
  public var learningRate: Float
  /// The momentum factor μ ∈ [0, 1); 0 disables momentum.
  public let momentum: Float
  /// The dampening τ ∈ [0, 1] of the gradient's contribution to the momentum buffer.
  public let dampening: Float
  /// Whether to use Nesterov momentum.
  public let nesterov: Bool
  /// The coupled (L2) weight decay λ ≥ 0, added to the gradient as λ p.
  public let weightDecay: Float
  /// The number of ``update(_:along:)`` calls made so far.
  public private(set) var step: Int = 0
  /// The momentum buffers b, by parameter name.
  private var buffers: [String: Tensor] = [:]

  /// An SGD optimizer.
  ///
  /// - Parameters:
  ///   - learningRate: The step size η, finite and ≥ 0. The default value is 0.001
  ///     (PyTorch's default).
  ///   - momentum: The momentum factor μ, in [0, 1). The default value is 0.
  ///   - dampening: The dampening τ, in [0, 1]. The default value is 0.
  ///   - nesterov: Whether to use Nesterov momentum; needs μ > 0 and τ = 0. The default value
  ///     is `false`.
  ///   - weightDecay: The coupled weight decay λ, finite and ≥ 0. The default value is 0.
  /// - Throws: ``OptimizerError/invalidHyperparameter(owner:name:value:requirement:)`` naming
  ///   the first invalid argument.
  public init(
    learningRate: Float = 1e-3, momentum: Float = 0, dampening: Float = 0,
    nesterov: Bool = false, weightDecay: Float = 0
  ) throws {
    try OptimizerChecks.nonNegative(learningRate, "learningRate", owner: "SGD")
    try OptimizerChecks.unitInterval(momentum, "momentum", owner: "SGD")
    guard dampening >= 0, dampening <= 1 else {
      throw OptimizerError.invalidHyperparameter(
        owner: "SGD", name: "dampening", value: "\(dampening)", requirement: "must be in [0, 1]")
    }
    if nesterov && (momentum == 0 || dampening != 0) {
      throw OptimizerError.invalidHyperparameter(
        owner: "SGD", name: "nesterov", value: "true",
        requirement: "needs momentum > 0 and dampening = 0 (momentum is \(momentum), "
          + "dampening is \(dampening))")
    }
    try OptimizerChecks.nonNegative(weightDecay, "weightDecay", owner: "SGD")
    self.learningRate = learningRate
    self.momentum = momentum
    self.dampening = dampening
    self.nesterov = nesterov
    self.weightDecay = weightDecay
  }

  /// Applies one SGD step (see ``SGD``) to every parameter that has a gradient.
  ///
  /// - Complexity: O(number of elements) per parameter.
  public mutating func update(
    _ parameters: inout [String: Tensor], along gradients: [String: Tensor]
  ) {
    OptimizerChecks.checkGradients(gradients, for: parameters, owner: "SGD")
    step += 1
    let lr = learningRate
    let mu = momentum
    let keep = 1 - dampening
    let decay = weightDecay
    for name in parameters.keys.sorted() {
      guard let gradient = gradients[name], let parameter = parameters[name] else { continue }
      var p = parameter.scalars
      var g = gradient.scalars
      if decay != 0 {
        for i in g.indices { g[i] += decay * p[i] }
      }
      if mu != 0 {
        if let previous = buffers.removeValue(forKey: name) {
          OptimizerChecks.checkSlot(previous, named: "momentum/\(name)", matches: parameter)
          var b = previous.scalars
          for i in b.indices { b[i] = b[i] * mu + keep * g[i] }
          if nesterov {
            for i in g.indices { g[i] += mu * b[i] }
          } else {
            g = b
          }
          buffers[name] = Tensor(shape: parameter.shape, scalars: b)
        } else {
          buffers[name] = Tensor(shape: parameter.shape, scalars: g)
          if nesterov {
            for i in g.indices { g[i] += mu * g[i] }
          }
        }
      }
      for i in p.indices { p[i] += -lr * g[i] }
      parameters[name] = Tensor(shape: parameter.shape, scalars: p)
    }
  }

  /// The step count and the momentum buffers as slots `"momentum/<p>"`.
  public var state: OptimizerState {
    var slots = [String: Tensor]()
    for (name, buffer) in buffers { slots["momentum/\(name)"] = buffer }
    return OptimizerState(step: step, slots: slots)
  }

  /// Restores a state captured from an ``SGD`` with the same configuration.
  ///
  /// - Throws: ``OptimizerError/invalidState(owner:reason:)`` for a negative step, a slot
  ///   other than `"momentum/<p>"`, or momentum buffers when this optimizer has μ = 0.
  public mutating func restore(_ state: OptimizerState) throws {
    guard state.step >= 0 else {
      throw OptimizerError.invalidState(owner: "SGD", reason: "step \(state.step) is negative")
    }
    var restored = [String: Tensor]()
    for (slotName, tensor) in state.slots {
      guard let (kind, parameter) = OptimizerChecks.splitSlotName(slotName), kind == "momentum"
      else {
        throw OptimizerError.invalidState(
          owner: "SGD", reason: "unexpected slot '\(slotName)' (SGD keeps only 'momentum/<p>')")
      }
      restored[parameter] = tensor
    }
    if momentum == 0 && !restored.isEmpty {
      throw OptimizerError.invalidState(
        owner: "SGD", reason: "the state has momentum buffers but this SGD has momentum 0")
    }
    step = state.step
    buffers = restored
  }
}
