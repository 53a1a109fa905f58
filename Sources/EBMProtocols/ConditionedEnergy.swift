import Tensors

/// A trained energy held at one x: E(x, ·) and ∂E/∂y for many candidate sets y, without
/// recording. For a ``ConditionableEnergy`` the x-only part is computed once, when the value is
/// made (``TrainedEnergy/conditioned(on:)``); any other energy is evaluated whole at every call,
/// so callers need not know which kind they hold.
public struct ConditionedEnergy {
  /// The trained energy.
  public let model: TrainedEnergy
  /// The x every call evaluates at.
  public let x: Tensor?
  /// The energy's x-only tensors at x, when it is conditionable.
  let condition: (energy: any ConditionableEnergy, tensors: [Tensor])?

  init(model: TrainedEnergy, x: Tensor?) {
    self.model = model
    self.x = x
    if let x, let conditionable = model.energy as? any ConditionableEnergy {
      condition = (conditionable, withoutGradients { conditionable.condition(x: x, parameters: model.parameters) })
    } else {
      condition = nil
    }
  }

  /// E(x, y).
  public func callAsFunction(_ y: Tensor) -> Tensor {
    guard let condition else { return model(x: x, y: y) }
    return withoutGradients { condition.energy.energy(condition: condition.tensors, y: y, parameters: model.parameters) }
  }

  /// ∂E/∂y (reverse-mode autodiff of Σ E, as ``EnergyFunction/energyGradient(x:y:parameters:createGraph:)``).
  public func gradient(_ y: Tensor) -> Tensor {
    guard let condition else { return model.gradient(x: x, y: y) }
    let parameters = model.parameters.detached()
    return withGradients {
      let leaf = y.detached.requiringGradient()
      let total = condition.energy.energy(condition: condition.tensors, y: leaf, parameters: parameters).sum()
      return gradients(of: total, at: [leaf], createGraph: false)[0]
    }
  }
}
