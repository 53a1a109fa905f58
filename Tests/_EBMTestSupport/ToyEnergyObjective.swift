import EBMProtocols
import Tensors

/// Test double: the energy loss L = mean E(x, y) over the batch (LeCun's "energy loss"; for
/// the quadratic test energies with a fixed scale it is least squares, so it converges to the
/// closed-form fit). With `nanAtStep ≥ 0`, the loss is multiplied by NaN from that step on
/// (to test NaN detection).
public struct ToyEnergyObjective: TrainingObjective {
  public var nanAtStep: Int
  public init(nanAtStep: Int = -1) { self.nanAtStep = nanAtStep }

  public var requirements: ObjectiveRequirements { [] }
  public var supportedFamilies: Set<EnergyFamily> { [.conditional, .unconditional] }

  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let batch = context.batch
    let energies =
      batch.x == nil ? context.energy(x: nil, y: batch.y) : context.energy(x: batch.x, y: batch.y.unsqueezed(at: 1))
    let loss = energies.mean()
    return nanAtStep >= 0 && context.step >= nanAtStep ? loss * Float.nan : loss
  }
}
