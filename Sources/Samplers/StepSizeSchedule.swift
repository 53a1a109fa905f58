import Foundation

/// How a dynamics sampler's step size changes over the steps of one run.
public enum StepSizeSchedule: Sendable, Equatable {
  /// η at every step.
  case constant
  /// Linear from η to `final` over the run.
  case linear(final: Double)
  /// Geometric from η to `final`: ηₜ = η (final/η)^(t/(T−1)).
  case geometric(final: Double)

  /// The step size at step `t` of `steps` for base step `base`.
  public func stepSize(base: Double, step t: Int, of steps: Int) -> Double {
    let fraction = steps > 1 ? Double(t) / Double(steps - 1) : 0
    switch self {
    case .constant: return base
    case let .linear(final): return base + (final - base) * fraction
    case let .geometric(final): return base * Foundation.pow(final / base, fraction)
    }
  }
}
