import Tensors

/// An energy function together with one set of its parameters: what training produces and
/// what evaluation, sampling and inference consume.
public struct TrainedEnergy: Sendable {
  /// The energy function.
  public var energy: any EnergyFunction
  /// Its parameters.
  public var parameters: ParameterSet

  public init(energy: any EnergyFunction, parameters: ParameterSet) {
    self.energy = energy
    self.parameters = parameters
  }

  /// E(x, y) without recording.
  public func callAsFunction(x: Tensor?, y: Tensor) -> Tensor {
    withoutGradients { energy.energy(x: x, y: y, parameters: parameters) }
  }

  /// ∂E/∂y without recording.
  public func gradient(x: Tensor?, y: Tensor) -> Tensor {
    energy.energyGradient(x: x, y: y, parameters: parameters)
  }

  /// The energy held at `x`, for many evaluations there (a ``ConditionableEnergy`` computes its
  /// x-only part once, here).
  public func conditioned(on x: Tensor?) -> ConditionedEnergy {
    ConditionedEnergy(model: self, x: x)
  }

  /// Every label's energy `[B, K]` for a label energy, without recording.
  public func labelEnergies(x: Tensor) -> Tensor? {
    guard let labelled = energy as? any LabelEnergyFunction else { return nil }
    return withoutGradients { labelled.labelEnergies(x: x, parameters: parameters) }
  }
}
