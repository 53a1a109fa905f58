import Tensors
import EBMProtocols

/// A multilayer-perceptron energy E_θ : ℝ^d → ℝ for unconditional (generative) models.
///
/// ```
/// h₀ = x,   hₗ = φ(hₗ₋₁ Wₗᵀ + bₗ)  (l = 1 … depth),   E(x) = h_depth · w + b
/// ```
///
/// The network is a ``MultilayerPerceptron`` with widths `[d, width × depth, 1]`: parameters
/// `layers.<l>.weight` `[out, in]` and `layers.<l>.bias` `[out]`, l = 0 … depth (the last is the
/// output layer), PyTorch's `nn.Linear` layers in an `nn.ModuleList` named `layers`, initialised
/// like `nn.Linear` (U(−1/√fan_in, 1/√fan_in)).
///
/// ∂E/∂x without a graph (sampling) goes through a fused forward+backward kernel
/// (``MLPEnergy/fastGradient(_:parameters:threads:)``, the fused ``MLPInputGradient`` kernel,
/// chains split over the cores);
/// with `createGraph` (score matching) it is autodiff, so it can be differentiated again.
public struct MLPEnergy: EnergyFunction {
  /// Input dimension d.
  public var dimension: Int
  /// Hidden width.
  public var width: Int
  /// Number of hidden layers.
  public var depth: Int
  /// Hidden nonlinearity.
  public var activation: MLPActivation

  public init(dimension: Int, width: Int, depth: Int, activation: MLPActivation) {
    precondition(dimension >= 1 && width >= 1 && depth >= 1, "MLPEnergy needs dimension, width, depth >= 1")
    self.dimension = dimension
    self.width = width
    self.depth = depth
    self.activation = activation
  }

  public var kind: EnergyKind { .unconditional(dimension: dimension) }

  /// The network x ↦ E(x).
  public var network: MultilayerPerceptron {
    MultilayerPerceptron(widths: [dimension] + Array(repeating: width, count: depth) + [1], activation: activation)
  }

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    network.initialParameters(using: &rng)
  }

  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    precondition(y.rank == 2 && y.shape[1] == dimension, "MLPEnergy: points must be [N, \(dimension)], got \(y.shape)")
    return network(y, parameters: parameters).reshaped([y.shape[0]])
  }

  public func energyGradient(x: Tensor?, y: Tensor, parameters: ParameterSet, createGraph: Bool) -> Tensor {
    if !createGraph {
      return fastGradient(y, parameters: parameters)
    }
    return withGradients {
      let leaf = y.isRecorded ? y : y.detached.requiringGradient()
      let total = energy(x: x, y: leaf, parameters: parameters).sum()
      return gradients(of: total, at: [leaf], createGraph: true)[0]
    }
  }
}
