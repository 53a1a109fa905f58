/// One layer of ``Tensor/denseChain(_:layers:)``: `out = act(in · Wᵀ + b)`, plus `in` when
/// `residual`.
public struct DenseChainLayer: Sendable {
  /// The layer's nonlinearity.
  public enum Activation: Sendable {
    /// tanh, with derivative 1 − tanh².
    case tanh
    /// None: the layer is affine.
    case identity
  }

  /// W `[out, in]` (PyTorch's layout).
  public var weight: Tensor
  /// `[out]`, or `[G, out]`: a bias per group of N / G consecutive rows (a per-example bias
  /// shared by that example's candidates). Every grouped bias of a chain has the same G.
  public var bias: Tensor
  /// tanh or identity.
  public var activation: Activation
  /// Add the layer's input to its output (needs in == out).
  public var residual: Bool

  public init(weight: Tensor, bias: Tensor, activation: Activation, residual: Bool = false) {
    self.weight = weight
    self.bias = bias
    self.activation = activation
    self.residual = residual
  }

  /// Input width.
  public var inputs: Int { weight.shape[1] }
  /// Output width.
  public var outputs: Int { weight.shape[0] }
  /// The number of bias groups (1 for a plain `[out]` bias).
  public var groups: Int { bias.rank == 2 ? bias.shape[0] : 1 }
}
