import Tensors

/// The hidden-layer nonlinearity φ of a ``MultilayerPerceptron``. Smooth choices (softplus, SiLU,
/// tanh) give the smooth ∂E/∂x that Langevin dynamics and score matching need; ReLU gives a
/// piecewise-linear network (its input gradient is piecewise constant).
///
/// PyTorch counterparts: `nn.Softplus()`, `nn.SiLU()`, `nn.Tanh()`, `nn.ReLU()`.
public enum MLPActivation: String, Sendable, CaseIterable {
  case softplus
  case silu
  case tanh
  case relu

  /// φ(z), recorded.
  public func apply(_ z: Tensor) -> Tensor {
    switch self {
    case .softplus: z.softplus()
    case .silu: z.silu()
    case .tanh: z.tanh()
    case .relu: z.relu()
    }
  }
}
