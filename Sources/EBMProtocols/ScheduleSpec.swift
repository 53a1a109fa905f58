import Foundation
import Tensors

/// A learning-rate schedule as a pipeline names it (JSON: `{"cosine": {}}`,
/// `{"step": {"every": 1000, "gamma": 0.5}}`, …), stepped once per optimizer step.
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
  public func schedule(totalSteps: Int) -> LearningRateSchedule {
    switch self {
    case .constant: .constant
    case let .step(every, gamma): .step(stepSize: max(every, 1), gamma: Float(gamma))
    case let .cosine(minimum): .cosineAnnealing(totalSteps: max(totalSteps, 1), minimum: Float(minimum))
    case let .warmup(steps, then): .warmup(steps: steps, then: then.schedule(totalSteps: max(1, totalSteps - steps)))
    }
  }

  /// Parses `constant`, `cosine`, `cosine:MIN`, `step:EVERY:GAMMA`, `warmup:STEPS:REST…`.
  public init(parsing text: String) throws {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
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
      guard i < parts.count, let v = Int(parts[i]), v >= 0 else { throw invalid() }
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
  }
}
