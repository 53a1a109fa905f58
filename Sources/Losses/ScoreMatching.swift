import EBMProtocols
import Tensors

/// SM: (implicit) score matching (Hyvärinen 2005; for regression, Gustafsson et al., BMVC
/// 2020, Eq. 10):
///
/// ```
/// L = (1/B) Σ_i [ tr ∇²_y f(x_i, y_i) + ½ ‖∇_y f(x_i, y_i)‖² ],   f = −E
///   = (1/B) Σ_i [ −tr ∇²_y E + ½ ‖∇_y E‖² ]
/// ```
///
/// The trace is exact (``EnergyFunction/energyGradientAndLaplacian(x:y:parameters:)``): by
/// default one second-order backward pass per output dimension, so the loss is differentiated
/// to third order; energies with a fused second-order pass (ToyNet's dense chain) compute ∂E/∂y
/// and ∂²E/∂y² in one forward-mode pass and their parameter gradient in one more. Serves
/// conditional (x given, y the targets) and unconditional energies (y the data points) alike.
public struct ScoreMatching: TrainingObjective {
  public init() {}

  public var requirements: ObjectiveRequirements { .secondOrderGradients }
  public var supportedFamilies: Set<EnergyFamily> { [.conditional, .unconditional] }

  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let y = CandidateEnergies.targets(context.batch)
    let (b, d) = (y.shape[0], y.shape[1])
    let point = context.batch.x != nil ? y.detached.reshaped([b, 1, d]) : y.detached
    let (gradient, laplacian) = context.energy.energyGradientAndLaplacian(
      x: context.batch.x, y: point, parameters: context.parameters)
    let perExample = -laplacian.reshaped([b]) + gradient.squared().reshaped([b, d]).sum(alongAxis: 1) * 0.5
    return perExample.mean()
  }
}
