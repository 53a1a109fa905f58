import Foundation

/// The moment estimates and per-parameter step counts shared by ``Adam`` and ``AdamW``, and
/// the bias-corrected Adam step (PyTorch's single-tensor implementation, operation for
/// operation).
struct AdamMoments: Sendable {
  /// First-moment estimates m, by parameter name.
  var first: [String: Tensor] = [:]
  /// Second-moment estimates v, by parameter name.
  var second: [String: Tensor] = [:]
  /// How many steps each parameter has taken (t in the bias corrections).
  var counts: [String: Int] = [:]

  /// One Adam step for one parameter; `gradient` already includes any L2 term.
  ///
  /// ```
  /// t ← t + 1
  /// m ← m + (1 − β₁)(g − m)                 (= β₁ m + (1 − β₁) g, PyTorch's lerp)
  /// v ← β₂ v + (1 − β₂) g²
  /// p ← p − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
  /// ```
  mutating func step(
    _ name: String, parameter p: inout [Float], gradient g: [Float], parameter: Tensor,
    learningRate: Float, beta1: Double, beta2: Double, epsilon: Float
  ) {
    var m: [Float]
    var v: [Float]
    if let previousFirst = first.removeValue(forKey: name),
      let previousSecond = second.removeValue(forKey: name)
    {
      OptimizerChecks.checkSlot(previousFirst, named: "m/\(name)", matches: parameter)
      OptimizerChecks.checkSlot(previousSecond, named: "v/\(name)", matches: parameter)
      m = previousFirst.scalars
      v = previousSecond.scalars
    } else {
      m = [Float](repeating: 0, count: p.count)
      v = [Float](repeating: 0, count: p.count)
    }
    let t = (counts[name] ?? 0) + 1
    counts[name] = t
    // Scalars computed in Double and rounded once, as PyTorch does with Python floats.
    let decay2 = Float(beta2)
    let weight1 = Float(1 - beta1)
    let weight2 = Float(1 - beta2)
    let correction1 = 1 - pow(beta1, Double(t))
    let correction2 = 1 - pow(beta2, Double(t))
    let stepSize = Float(Double(learningRate) / correction1)
    let correction2Root = Float(correction2.squareRoot())
    for i in p.indices {
      let gi = g[i]
      m[i] += weight1 * (gi - m[i])
      v[i] = v[i] * decay2 + weight2 * gi * gi
      let denominator = v[i].squareRoot() / correction2Root + epsilon
      p[i] += -stepSize * m[i] / denominator
    }
    first[name] = Tensor(shape: parameter.shape, scalars: m)
    second[name] = Tensor(shape: parameter.shape, scalars: v)
  }

  /// The slots `"m/<p>"`, `"v/<p>"` and `"step/<p>"` (a scalar holding t).
  var slots: [String: Tensor] {
    var slots = [String: Tensor]()
    for (name, tensor) in first { slots["m/\(name)"] = tensor }
    for (name, tensor) in second { slots["v/\(name)"] = tensor }
    for (name, count) in counts { slots["step/\(name)"] = Tensor(Float(count)) }
    return slots
  }

  /// Moments rebuilt from slots, checked for consistency.
  init(slots: [String: Tensor], owner: String) throws {
    for (slotName, tensor) in slots {
      guard let (kind, name) = OptimizerChecks.splitSlotName(slotName) else {
        throw OptimizerError.invalidState(
          owner: owner, reason: "slot '\(slotName)' is not named '<kind>/<parameter>'")
      }
      switch kind {
      case "m": first[name] = tensor
      case "v": second[name] = tensor
      case "step":
        guard tensor.count == 1, let value = tensor.scalars.first, value >= 1,
          value <= 0x1p24, value.rounded() == value
        else {
          throw OptimizerError.invalidState(
            owner: owner,
            reason: "slot '\(slotName)' must be one whole number >= 1, got \(tensor.scalars)")
        }
        counts[name] = Int(value)
      default:
        throw OptimizerError.invalidState(
          owner: owner,
          reason: "unexpected slot '\(slotName)' (\(owner) keeps 'm/<p>', 'v/<p>', 'step/<p>')")
      }
    }
    for name in Set(first.keys).union(second.keys).union(counts.keys).sorted() {
      guard let m = first[name], let v = second[name], counts[name] != nil else {
        throw OptimizerError.invalidState(
          owner: owner,
          reason: "parameter '\(name)' needs all of 'm/\(name)', 'v/\(name)' and 'step/\(name)'")
      }
      guard m.shape == v.shape else {
        throw OptimizerError.invalidState(
          owner: owner,
          reason: "'m/\(name)' has shape \(m.shape) but 'v/\(name)' has shape \(v.shape)")
      }
    }
  }

  /// Empty moments.
  init() {}

  /// Moments rebuilt from an optimizer state: its step must be ≥ 0, its slots as for
  /// ``init(slots:owner:)``.
  init(restoring state: OptimizerState, owner: String) throws {
    guard state.step >= 0 else {
      throw OptimizerError.invalidState(owner: owner, reason: "step \(state.step) is negative")
    }
    try self.init(slots: state.slots, owner: owner)
  }

  /// Checks the hyperparameters ``Adam`` and ``AdamW`` share, in this order, naming `owner`:
  /// η ≥ 0, β₁ and β₂ in [0, 1), ε ≥ 0, λ ≥ 0 (all finite).
  static func checkHyperparameters(
    learningRate: Float, beta1: Double, beta2: Double, epsilon: Float, weightDecay: Float, owner: String
  ) throws {
    try OptimizerChecks.nonNegative(learningRate, "learningRate", owner: owner)
    try OptimizerChecks.unitInterval(beta1, "beta1", owner: owner)
    try OptimizerChecks.unitInterval(beta2, "beta2", owner: owner)
    try OptimizerChecks.nonNegative(epsilon, "epsilon", owner: owner)
    try OptimizerChecks.nonNegative(weightDecay, "weightDecay", owner: owner)
  }
}
