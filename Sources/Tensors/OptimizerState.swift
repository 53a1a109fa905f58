/// A snapshot of an optimizer's internal state, for checkpoints.
///
/// `slots` holds one tensor per parameter and kind of state, keyed `"<kind>/<parameter>"`:
/// `"momentum/<p>"` for ``SGD``'s momentum buffer; `"m/<p>"`, `"v/<p>"` (first and second
/// moment estimates) and `"step/<p>"` (the parameter's update count, a scalar) for ``Adam`` and
/// ``AdamW``. A parameter that has not yet received a gradient has no slots. The tensors are
/// plain `Float` tensors, so a state can be written next to the model with ``SafeTensors``
/// (slots as tensors, `step` in the metadata), or with `Codable`.
///
/// ```swift
/// let saved = optimizer.state
/// var resumed = try Adam(learningRate: 1e-3)
/// try resumed.restore(saved)           // continues bit-identically
/// ```
public struct OptimizerState: Sendable, Equatable {
  /// The number of ``Optimizer/update(_:along:)`` calls made so far.
  public var step: Int
  /// Per-parameter state tensors, keyed `"<kind>/<parameter>"`.
  public var slots: [String: Tensor]

  /// A state with the given step count and slots.
  ///
  /// - Parameters:
  ///   - step: The number of updates made. The default value is 0.
  ///   - slots: Per-parameter tensors keyed `"<kind>/<parameter>"`. The default value is empty.
  public init(step: Int = 0, slots: [String: Tensor] = [:]) {
    self.step = step
    self.slots = slots
  }

  /// Two states are equal when their steps, slot names, slot shapes and slot elements are
  /// equal (elements compared with `==`, so a NaN is never equal to itself).
  public static func == (lhs: OptimizerState, rhs: OptimizerState) -> Bool {
    guard lhs.step == rhs.step, lhs.slots.count == rhs.slots.count else { return false }
    for (name, tensor) in lhs.slots {
      guard let other = rhs.slots[name], other.shape == tensor.shape,
        other.scalars == tensor.scalars
      else { return false }
    }
    return true
  }

  /// Checks that every slot belongs to a parameter of the given model with the same shape.
  ///
  /// Call it after loading a checkpoint and before the first update, so that a state saved
  /// for a different model is reported instead of tripping a precondition in
  /// ``Optimizer/update(_:along:)``. Scalar `"step/<p>"` slots are only checked for their
  /// parameter's existence.
  ///
  /// - Throws: ``OptimizerError/invalidState(owner:reason:)`` naming the first offending slot.
  public func checkCompatible(with parameters: [String: Tensor]) throws {
    for name in slots.keys.sorted() {
      guard let (kind, parameter) = OptimizerChecks.splitSlotName(name) else {
        throw OptimizerError.invalidState(
          owner: "OptimizerState", reason: "slot '\(name)' is not named '<kind>/<parameter>'")
      }
      guard let value = parameters[parameter] else {
        throw OptimizerError.invalidState(
          owner: "OptimizerState",
          reason: "slot '\(name)' refers to parameter '\(parameter)', which the model lacks")
      }
      if kind != "step", let slot = slots[name], slot.shape != value.shape {
        throw OptimizerError.invalidState(
          owner: "OptimizerState",
          reason: "slot '\(name)' has shape \(slot.shape) but parameter '\(parameter)' has "
            + "shape \(value.shape)")
      }
    }
  }
}
