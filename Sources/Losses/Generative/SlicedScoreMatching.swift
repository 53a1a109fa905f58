import Tensors
import EBMProtocols

/// Sliced score matching (Song, Garg, Shi & Ermon, "Sliced Score Matching: A Scalable Approach
/// to Density and Score Estimation", UAI 2019), for the model score s_θ(x) = −∇ₓE_θ(x):
///
/// ```
/// J(θ) = E_x E_v [ vᵀ ∇ₓs_θ(x) v + ½ (vᵀ s_θ(x))² ]
///      = E_x E_v [ −vᵀ ∇ₓ²E_θ(x) v + ½ (vᵀ ∇ₓE_θ(x))² ]
/// ```
///
/// with `projections` random directions v per point (Gaussian or Rademacher). With variance
/// reduction (SSM-VR, the paper's eq. 8 for Gaussian v) the second term is replaced by its
/// expectation ½‖∇ₓE_θ(x)‖². The Hessian-vector product vᵀ∇²E v is the gradient of vᵀ∇E,
/// by second-order autodiff. Conditional energies are handled per x on y.
public struct SlicedScoreMatching: TrainingObjective {
  /// Distribution of the projection directions.
  public enum Projection: String, Sendable, CaseIterable {
    case gaussian
    case rademacher
  }

  public var projections: Int
  public var projection: Projection
  public var varianceReduction: Bool

  public init(
    projections: Int = Options().projections, projection: Projection = Options().projection,
    varianceReduction: Bool = Options().varianceReduction
  ) {
    precondition(projections >= 1, "SlicedScoreMatching: projections >= 1")
    self.projections = projections
    self.projection = projection
    self.varianceReduction = varianceReduction
  }

  public var requirements: ObjectiveRequirements { .secondOrderGradients }
  public var supportedFamilies: Set<EnergyFamily> { [.unconditional, .conditional] }

  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let batch = context.batch
    let conditional: Bool = {
      if case .conditional = context.energy.kind { return true } else { return false }
    }()
    let points = conditional ? batch.y.detached.unsqueezed(at: 1) : batch.y.detached
    let leaf = points.requiringGradient()
    let g = context.energy.energyGradient(x: batch.x, y: leaf, parameters: context.parameters, createGraph: true)
    let axis = leaf.rank - 1
    var total = Tensor(0)
    for _ in 0..<projections {
      var v = Tensor.normal(leaf.shape, using: &context.rng)
      if projection == .rademacher { v = Tensor(shape: v.shape, scalars: v.scalars.map { $0 >= 0 ? 1 : -1 }) }
      let directional = (g * v).sum(alongAxis: axis)  // vᵀ∇E per point
      let hv = gradients(of: directional.sum(), at: [leaf], createGraph: true)[0]  // ∇²E v
      let curvature = (hv * v).sum(alongAxis: axis)  // vᵀ∇²E v
      let second = varianceReduction ? g.squared().sum(alongAxis: axis) * 0.5 : directional.squared() * 0.5
      total = total + (second - curvature).mean()
    }
    return total * (1 / Float(projections))
  }
}
