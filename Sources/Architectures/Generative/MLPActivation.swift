import Tensors

/// The hidden-layer nonlinearity of an ``MLPEnergy``. Smooth choices (softplus, SiLU, tanh) give
/// the smooth ∂E/∂x that Langevin dynamics and score matching need; ReLU is offered for
/// comparison (its energy is piecewise linear, so its score is piecewise constant).
public enum MLPActivation: String, Sendable, CaseIterable {
  case softplus
  case silu
  case tanh
  case relu

  /// φ(z), recorded.
  func apply(_ z: Tensor) -> Tensor {
    switch self {
    case .softplus: z.softplus()
    case .silu: z.silu()
    case .tanh: z.tanh()
    case .relu: z.relu()
    }
  }
}
