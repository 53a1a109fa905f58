import Foundation

/// The moment estimates and per-parameter step counts shared by ``Adam`` and ``AdamW``, and
/// the bias-corrected Adam step (PyTorch's single-tensor implementation, operation for
/// operation).
struct AdamMoments: Sendable {
  /// The state of one parameter: m, v (the parameter's shape) and t.
  struct Entry: Sendable {
    /// First-moment estimate m.
    var first: [Float]
    /// Second-moment estimate v.
    var second: [Float]
    /// The shape of m and v.
    var shape: [Int]
    /// How many steps the parameter has taken (t in the bias corrections).
    var count: Int
  }

  /// The moments by parameter name: one table, so a step costs one lookup and updates m and v
  /// in place.
  var entries: [String: Entry] = [:]

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
    // Taken out of the table while it is updated, so m and v are mutated in place.
    var entry =
      entries.removeValue(forKey: name)
      ?? Entry(
        first: [Float](repeating: 0, count: p.count), second: [Float](repeating: 0, count: p.count),
        shape: parameter.shape, count: 0)
    precondition(
      entry.shape == parameter.shape,
      "optimizer slots 'm/\(name)' and 'v/\(name)' have shape \(entry.shape) but the parameter has shape "
        + "\(parameter.shape): the restored state belongs to another model. help: call "
        + "OptimizerState.checkCompatible(with:) after loading a checkpoint")
    entry.count += 1
    let t = entry.count
    // Scalars computed in Double and rounded once, as PyTorch does with Python floats.
    let decay2 = Float(beta2)
    let weight1 = Float(1 - beta1)
    let weight2 = Float(1 - beta2)
    let correction1 = 1 - pow(beta1, Double(t))
    let correction2 = 1 - pow(beta2, Double(t))
    let stepSize = Float(Double(learningRate) / correction1)
    let correction2Root = Float(correction2.squareRoot())
    entry.first.withUnsafeMutableBufferPointer { m in
      entry.second.withUnsafeMutableBufferPointer { v in
        for i in p.indices {
          let gi = g[i]
          m[i] += weight1 * (gi - m[i])
          v[i] = v[i] * decay2 + weight2 * gi * gi
          let denominator = v[i].squareRoot() / correction2Root + epsilon
          p[i] += -stepSize * m[i] / denominator
        }
      }
    }
    entries[name] = entry
  }

  /// The slots `"m/<p>"`, `"v/<p>"` and `"step/<p>"` (a scalar holding t).
  var slots: [String: Tensor] {
    var slots = [String: Tensor]()
    for (name, entry) in entries {
      slots["m/\(name)"] = Tensor(shape: entry.shape, scalars: entry.first)
      slots["v/\(name)"] = Tensor(shape: entry.shape, scalars: entry.second)
      slots["step/\(name)"] = Tensor(Float(entry.count))
    }
    return slots
  }

  /// Moments rebuilt from slots, checked for consistency.
  init(slots: [String: Tensor], owner: String) throws {
    var first: [String: Tensor] = [:]
    var second: [String: Tensor] = [:]
    var counts: [String: Int] = [:]
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
      entries[name] = Entry(first: m.scalars, second: v.scalars, shape: m.shape, count: counts[name]!)
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
