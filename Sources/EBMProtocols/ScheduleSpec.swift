import Foundation

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
    switch self {
    case .constant:
      return base
    case let .step(every, gamma):
      return base * Foundation.pow(gamma, Double(step / max(every, 1)))
    case let .cosine(minimum):
      let t = Double(min(step, totalSteps)) / Double(max(totalSteps, 1))
      return minimum + (base - minimum) * (1 + Foundation.cos(Double.pi * t)) / 2
    case let .warmup(steps, then):
      let rest = then.learningRate(base: base, step: max(0, step - steps), totalSteps: max(1, totalSteps - steps))
      return step < steps ? rest * Double(step + 1) / Double(steps) : rest
    }
  }

  /// Parses `constant`, `cosine`, `cosine:MIN`, `step:EVERY:GAMMA`, `warmup:STEPS:REST…`.
  public init(parsing text: String) throws {
    let parts = text.split(separator: ":").map(String.init)
    func number(_ i: Int) throws -> Double {
      guard i < parts.count, let v = Double(parts[i]) else {
        throw EBMError.invalidOption(
          component: "schedule", option: text,
          reason: "is not a schedule; use constant, cosine[:MIN], step:EVERY:GAMMA or warmup:STEPS:<schedule>")
      }
      return v
    }
    switch parts.first ?? "" {
    case "constant": self = .constant
    case "cosine": self = .cosine(minimum: parts.count > 1 ? try number(1) : 0)
    case "step": self = .step(every: Int(try number(1)), gamma: try number(2))
    case "warmup":
      self = .warmup(steps: Int(try number(1)), then: try ScheduleSpec(parsing: parts.dropFirst(2).joined(separator: ":").isEmpty ? "constant" : parts.dropFirst(2).joined(separator: ":")))
    default:
      _ = try number(-1)
      self = .constant
    }
  }
}
