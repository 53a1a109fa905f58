/// Validation shared by the optimizers and schedules.
enum OptimizerChecks {
  /// Throws unless `value` is finite and at least 0.
  static func nonNegative(_ value: Float, _ name: String, owner: String) throws {
    guard value.isFinite, value >= 0 else {
      throw OptimizerError.invalidHyperparameter(
        owner: owner, name: name, value: "\(value)", requirement: "must be finite and >= 0")
    }
  }

  /// Throws unless `value` is in [0, 1).
  static func unitInterval(_ value: Float, _ name: String, owner: String) throws {
    guard value >= 0, value < 1 else {
      throw OptimizerError.invalidHyperparameter(
        owner: owner, name: name, value: "\(value)", requirement: "must be in [0, 1)")
    }
  }

  /// Throws unless `value` is in [0, 1).
  static func unitInterval(_ value: Double, _ name: String, owner: String) throws {
    guard value >= 0, value < 1 else {
      throw OptimizerError.invalidHyperparameter(
        owner: owner, name: name, value: "\(value)", requirement: "must be in [0, 1)")
    }
  }

  /// Stops on gradients that name no parameter or have the wrong shape (programmer errors).
  static func checkGradients(
    _ gradients: [String: Tensor], for parameters: [String: Tensor], owner: String
  ) {
    for (name, gradient) in gradients {
      guard let parameter = parameters[name] else {
        preconditionFailure(
          "\(owner).update: gradient '\(name)' names no parameter; parameters are "
            + "\(parameters.keys.sorted())")
      }
      precondition(
        gradient.shape == parameter.shape,
        "\(owner).update: gradient '\(name)' has shape \(gradient.shape), parameter has "
          + "shape \(parameter.shape)")
    }
  }

  /// Stops when restored state does not fit a parameter (a checkpoint of another model).
  static func checkSlot(_ slot: Tensor, named slotName: String, matches parameter: Tensor) {
    precondition(
      slot.shape == parameter.shape,
      "optimizer slot '\(slotName)' has shape \(slot.shape) but the parameter has shape "
        + "\(parameter.shape): the restored state belongs to another model. help: call "
        + "OptimizerState.checkCompatible(with:) after loading a checkpoint")
  }

  /// Splits `"<kind>/<parameter>"` into its two parts.
  static func splitSlotName(_ name: String) -> (kind: Substring, parameter: String)? {
    guard let slash = name.firstIndex(of: "/") else { return nil }
    return (name[..<slash], String(name[name.index(after: slash)...]))
  }
}
