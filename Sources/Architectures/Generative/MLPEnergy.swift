import Tensors
import EBMProtocols

/// A multilayer-perceptron energy E_θ : ℝ^d → ℝ for unconditional (generative) models.
///
/// ```
/// h₀ = x,   hₗ = φ(hₗ₋₁ Wₗ + bₗ)  (l = 1 … depth),   E(x) = h_depth · w + b
/// ```
///
/// Parameters are `layer{l}.weight` `[in, width]`, `layer{l}.bias` `[width]`, `output.weight`
/// `[width, 1]` and `output.bias` `[1]`, initialised as in PyTorch's `nn.Linear`
/// (U(−1/√fan_in, 1/√fan_in)).
///
/// ∂E/∂x without a graph (sampling) goes through a fused forward+backward kernel
/// (``MLPEnergy/fastGradient(_:parameters:)``, GEMM + vector math, chains split over the cores);
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

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    var p: ParameterSet = [:]
    var fanIn = dimension
    for l in 1...depth {
      let bound = 1 / Float(fanIn).squareRoot()
      p["layer\(l).weight"] = Tensor.uniform([fanIn, width], low: -bound, high: bound, using: &rng)
      p["layer\(l).bias"] = Tensor.uniform([width], low: -bound, high: bound, using: &rng)
      fanIn = width
    }
    let bound = 1 / Float(fanIn).squareRoot()
    p["output.weight"] = Tensor.uniform([fanIn, 1], low: -bound, high: bound, using: &rng)
    p["output.bias"] = Tensor.uniform([1], low: -bound, high: bound, using: &rng)
    return p
  }

  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    precondition(y.rank == 2 && y.shape[1] == dimension, "MLPEnergy: points must be [N, \(dimension)], got \(y.shape)")
    var h = y
    for l in 1...depth {
      h = activation.apply(Tensor.matmul(h, parameters["layer\(l).weight"]!) + parameters["layer\(l).bias"]!)
    }
    let e = Tensor.matmul(h, parameters["output.weight"]!) + parameters["output.bias"]!
    return e.reshaped([y.shape[0]])
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
