/// A gradient-based optimizer over named parameters.
///
/// Parameters and gradients are `[String: Tensor]` keyed by parameter name; optimizers visit
/// names in sorted order, so results never depend on dictionary order. A parameter with no
/// entry in `gradients` is left alone (and its state is not advanced), as in PyTorch when
/// `p.grad is None`. Updated parameters are constants: a trainer marks them with
/// `requiringGradient()` again before the next forward pass.
///
/// ```swift
/// var optimizer = try Adam(learningRate: 1e-3)
/// for step in 0..<steps {
///   optimizer.learningRate = schedule.learningRate(at: step, base: 1e-3)
///   optimizer.update(&parameters, along: gradients(of: loss, at: parameters))
/// }
/// let checkpoint = optimizer.state          // later: try optimizer.restore(checkpoint)
/// ```
///
/// Conforming types: ``SGD``, ``Adam``, ``AdamW``.
public protocol Optimizer: Sendable {
  /// The step size η used by the next ``update(_:along:)``; schedules set it before each
  /// step. It is validated (finite, ≥ 0) when the optimizer is created, not when it is set.
  var learningRate: Float { get set }

  /// Applies one optimisation step to every parameter that has a gradient.
  ///
  /// - Parameters:
  ///   - parameters: The parameters, updated in place.
  ///   - gradients: ∂loss/∂parameter for some or all of the parameters.
  /// - Precondition: each gradient names a parameter and has that parameter's shape; state
  ///   restored with ``restore(_:)`` matches the parameters' shapes (check it beforehand with
  ///   ``OptimizerState/checkCompatible(with:)``).
  mutating func update(_ parameters: inout [String: Tensor], along gradients: [String: Tensor])

  /// The optimizer's internal state (step count and per-parameter slots) for checkpoints.
  var state: OptimizerState { get }

  /// Replaces the internal state with a captured one, so that training resumes exactly.
  ///
  /// The hyperparameters are not part of the state: restore into an optimizer created with
  /// the same configuration.
  ///
  /// - Throws: ``OptimizerError/invalidState(owner:reason:)`` when the state has slots this
  ///   optimizer does not use, or inconsistent slots.
  mutating func restore(_ state: OptimizerState) throws
}
