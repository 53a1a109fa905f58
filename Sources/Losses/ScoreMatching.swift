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
/// The trace is exact (one second-order backward pass per output dimension), so the loss is
/// differentiated to third order with respect to y and the parameters. Serves conditional
/// (x given, y the targets) and unconditional energies (y the data points) alike.
public struct ScoreMatching: TrainingObjective {
  public init() {}

  public var requirements: ObjectiveRequirements { .secondOrderGradients }
  public var supportedFamilies: Set<EnergyFamily> { [.conditional, .unconditional] }

  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let y = CandidateEnergies.targets(context.batch)
    let (b, d) = (y.shape[0], y.shape[1])
    let point = (context.batch.x != nil ? y.reshaped([b, 1, d]) : y).detached.requiringGradient()
    let gradient = context.energy.energyGradient(
      x: context.batch.x, y: point, parameters: context.parameters, createGraph: true)
    let last = gradient.rank - 1
    var trace: Tensor?
    for k in 0..<d {
      let component = d == 1 ? gradient : gradient.slice(alongAxis: last, k..<(k + 1))
      let second = gradients(of: component.sum(), at: [point], createGraph: true)[0]
      let diagonal = d == 1 ? second : second.slice(alongAxis: last, k..<(k + 1))
      trace = trace.map { $0 + diagonal } ?? diagonal
    }
    let perExample = -trace!.reshaped([b]) + gradient.squared().reshaped([b, d]).sum(alongAxis: 1) * 0.5
    return perExample.mean()
  }
}
