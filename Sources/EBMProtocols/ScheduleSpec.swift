import Foundation
import Tensors

/// A learning-rate schedule as a pipeline names it, stepped once per optimizer step. In a
/// pipeline file either the text form of ``init(parsing:)`` (`"schedule": "cosine:0.001"`) or
/// the keyed form (`{"cosine": {"minimum": 0.001}}`, `{"step": {"every": 1000, "gamma": 0.5}}`,
/// `{"constant": {}}`, `{"warmup": {"steps": 100, "then": {"constant": {}}}}`).
public enum ScheduleSpec: Sendable, Equatable, Codable {
  /// The base rate throughout.
  case constant
  /// lr · γ^⌊step / every⌋ (PyTorch StepLR, stepped per batch).
  case step(every: Int, gamma: Double)
  /// Cosine annealing from the base rate to `minimum` over the whole run:
  /// lr_min + (lr − lr_min)(1 + cos(π t / T)) / 2 (PyTorch CosineAnnealingLR, per batch).
  case cosine(minimum: Double)
  /// Linear warm-up from 0 over `steps`, then `then`.
  indirect case warmup(steps: Int, then: ScheduleSpec)

  /// The rate at optimizer step `step` (0-based) of `totalSteps`.
  public func learningRate(base: Double, step: Int, totalSteps: Int) -> Double {
    Double(schedule(totalSteps: totalSteps).learningRate(at: step, base: Float(base)))
  }

  /// The numerical core's schedule for a run of `totalSteps` optimizer steps.
  /// - Precondition: the schedule is valid (``validate()``).
  public func schedule(totalSteps: Int) -> LearningRateSchedule {
    switch self {
    case .constant: .constant
    case let .step(every, gamma): .step(stepSize: max(every, 1), gamma: Float(gamma))
    case let .cosine(minimum): .cosineAnnealing(totalSteps: max(totalSteps, 1), minimum: Float(minimum))
    case let .warmup(steps, then): .warmup(steps: steps, then: then.schedule(totalSteps: max(1, totalSteps - steps)))
    }
  }

  /// How many schedules are nested (1 for a schedule without warm-up).
  public var depth: Int {
    var depth = 1
    var current = self
    while case let .warmup(_, then) = current {
      depth += 1
      current = then
    }
    return depth
  }

  /// Checks every number against ``PipelineLimits`` and the numerical core's rules
  /// (``LearningRateSchedule/validate()``), so that a bad schedule fails before training like a
  /// bad `--lr` does.
  /// - Throws: ``EBMError/invalidOption(component:option:reason:)`` naming the schedule field.
  public func validate() throws {
    func fail(_ field: String, _ reason: String) -> EBMError {
      .invalidOption(component: "schedule", option: field, reason: reason)
    }
    guard depth <= PipelineLimits.scheduleDepth else {
      throw fail("warmup", "nests \(depth) schedules, more than the \(PipelineLimits.scheduleDepth) allowed")
    }
    var current = self
    while true {
      switch current {
      case .constant:
        return
      case let .step(every, gamma):
        guard every >= 1 && every <= PipelineLimits.scheduleSteps.upperBound else {
          throw fail("step.every", "must be in 1...\(PipelineLimits.scheduleSteps.upperBound), got \(every)")
        }
        guard gamma.isFinite && gamma >= 0 else { throw fail("step.gamma", "must be a finite number >= 0, got \(gamma)") }
        return
      case let .cosine(minimum):
        guard minimum.isFinite && minimum >= 0 else {
          throw fail("cosine.minimum", "must be a finite number >= 0, got \(minimum)")
        }
        return
      case let .warmup(steps, then):
        guard PipelineLimits.scheduleSteps.contains(steps) else {
          throw fail("warmup.steps", "must be in 0...\(PipelineLimits.scheduleSteps.upperBound), got \(steps)")
        }
        current = then
      }
    }
  }

  /// Parses `constant`, `cosine`, `cosine:MIN`, `step:EVERY:GAMMA`, `warmup:STEPS:REST…`.
  /// - Throws: ``EBMError/invalidOption(component:option:reason:)`` for text that is not a
  ///   schedule or whose numbers are out of range (see ``validate()``).
  public init(parsing text: String) throws {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    let nesting = parts.filter { $0 == "warmup" }.count + 1
    guard nesting <= PipelineLimits.scheduleDepth else {
      throw EBMError.invalidOption(
        component: "schedule", option: "warmup",
        reason: "nests \(nesting) schedules, more than the \(PipelineLimits.scheduleDepth) allowed")
    }
    func invalid() -> EBMError {
      EBMError.invalidOption(
        component: "schedule", option: text,
        reason: "is not a schedule; use constant, cosine[:MIN], step:EVERY:GAMMA or warmup:STEPS:<schedule>")
    }
    func number(_ i: Int) throws -> Double {
      guard i < parts.count, let v = Double(parts[i]), v.isFinite else { throw invalid() }
      return v
    }
    func count(_ i: Int) throws -> Int {
      guard i < parts.count, let v = Int(parts[i]) else { throw invalid() }
      return v
    }
    switch parts[0] {
    case "constant" where parts.count == 1: self = .constant
    case "cosine" where parts.count <= 2: self = .cosine(minimum: parts.count > 1 ? try number(1) : 0)
    case "step" where parts.count == 3: self = .step(every: try count(1), gamma: try number(2))
    case "warmup" where parts.count >= 2:
      let rest = parts.dropFirst(2).joined(separator: ":")
      self = .warmup(steps: try count(1), then: try ScheduleSpec(parsing: rest.isEmpty ? "constant" : rest))
    default:
      throw invalid()
    }
    try validate()
  }
}
