import Foundation

/// A learning rate as a function of the step, with the closed forms of PyTorch's schedulers.
///
/// `step` counts the optimizer updates already made (0 for the first update); a trainer sets
/// `optimizer.learningRate = schedule.learningRate(at: step, base: η₀)` before each update.
///
/// ```swift
/// let schedule = LearningRateSchedule.warmup(
///   steps: 100, then: .cosineAnnealing(totalSteps: 900, minimum: 1e-5))
/// try schedule.validate()
/// let lr = schedule.learningRate(at: step, base: 1e-3)
/// ```
public indirect enum LearningRateSchedule: Sendable, Equatable, Codable {
  /// η(t) = η₀.
  case constant
  /// η(t) = η₀ · γ^⌊t / stepSize⌋ (PyTorch `StepLR`).
  ///
  /// - Parameters:
  ///   - stepSize: The number of steps between decays, > 0.
  ///   - gamma: The decay factor γ, finite and ≥ 0 (usually in (0, 1)).
  case step(stepSize: Int, gamma: Float)
  /// η(t) = η_min + (η₀ − η_min) · (1 + cos(π t / T)) / 2 (PyTorch `CosineAnnealingLR`, closed
  /// form).
  ///
  /// As in PyTorch the closed form is periodic: after T steps the rate rises again towards η₀
  /// over the next T steps, so choose T to cover the whole run.
  ///
  /// - Parameters:
  ///   - totalSteps: The half-period T, > 0.
  ///   - minimum: η_min, finite and ≥ 0.
  case cosineAnnealing(totalSteps: Int, minimum: Float)
  /// Linear warm-up, then another schedule started afresh:
  ///
  /// ```
  /// η(t) = η₀ · (t + 1) / W            for t < W
  /// η(t) = then.η(t − W)               for t ≥ W
  /// ```
  ///
  /// The first update uses η₀ / W, the W-th uses η₀, and the inner schedule then begins at its
  /// own step 0.
  ///
  /// - Parameters:
  ///   - steps: The number of warm-up steps W, ≥ 0 (0 means no warm-up).
  ///   - then: The schedule that follows the warm-up.
  case warmup(steps: Int, then: LearningRateSchedule)

  /// The learning rate for update number `step` (0-based), given the base rate η₀.
  ///
  /// - Parameters:
  ///   - step: The number of updates already made, ≥ 0.
  ///   - base: The base learning rate η₀.
  /// - Precondition: the schedule is valid (see ``validate()``) and `step >= 0`.
  public func learningRate(at step: Int, base: Float) -> Float {
    precondition(step >= 0, "LearningRateSchedule needs step >= 0, got \(step)")
    switch self {
    case .constant:
      return base
    case .step(let stepSize, let gamma):
      precondition(stepSize > 0, "LearningRateSchedule.step needs stepSize > 0; call validate()")
      return Float(Double(base) * pow(Double(gamma), Double(step / stepSize)))
    case .cosineAnnealing(let totalSteps, let minimum):
      precondition(
        totalSteps > 0, "LearningRateSchedule.cosineAnnealing needs totalSteps > 0; call validate()"
      )
      let phase = Double.pi * Double(step) / Double(totalSteps)
      let low = Double(minimum)
      return Float(low + (Double(base) - low) * (1 + cos(phase)) / 2)
    case .warmup(let steps, let then):
      precondition(steps >= 0, "LearningRateSchedule.warmup needs steps >= 0; call validate()")
      if step < steps {
        return Float(Double(base) * Double(step + 1) / Double(steps))
      }
      return then.learningRate(at: step - steps, base: base)
    }
  }

  /// Checks the schedule's parameters, so that bad configuration fails before training.
  ///
  /// - Throws: ``OptimizerError/invalidHyperparameter(owner:name:value:requirement:)`` naming
  ///   the first invalid parameter.
  public func validate() throws {
    switch self {
    case .constant:
      return
    case .step(let stepSize, let gamma):
      guard stepSize > 0 else {
        throw OptimizerError.invalidHyperparameter(
          owner: "LearningRateSchedule.step", name: "stepSize", value: "\(stepSize)",
          requirement: "must be > 0")
      }
      try OptimizerChecks.nonNegative(gamma, "gamma", owner: "LearningRateSchedule.step")
    case .cosineAnnealing(let totalSteps, let minimum):
      guard totalSteps > 0 else {
        throw OptimizerError.invalidHyperparameter(
          owner: "LearningRateSchedule.cosineAnnealing", name: "totalSteps",
          value: "\(totalSteps)", requirement: "must be > 0")
      }
      try OptimizerChecks.nonNegative(
        minimum, "minimum", owner: "LearningRateSchedule.cosineAnnealing")
    case .warmup(let steps, let then):
      guard steps >= 0 else {
        throw OptimizerError.invalidHyperparameter(
          owner: "LearningRateSchedule.warmup", name: "steps", value: "\(steps)",
          requirement: "must be >= 0")
      }
      try then.validate()
    }
  }
}
