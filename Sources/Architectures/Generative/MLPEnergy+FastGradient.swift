import Tensors
import EBMProtocols

extension MLPEnergy {
  /// ∂E/∂x for every row of `y` `[N, d]`, by the fused forward and backward kernel
  /// ``MLPInputGradient`` (no autodiff graph): the backward pass needs only φ′(zₗ) and the
  /// weights,
  ///
  /// ```
  /// zₗ = hₗ₋₁ Wₗᵀ + bₗ,   g_depth = w ⊙ φ′(z_depth),   gₗ₋₁ = (gₗ Wₗ) ⊙ φ′(zₗ₋₁),   ∂E/∂x = g₁ W₁
  /// ```
  /// with every Wₗ `[out, in]` (PyTorch's layout). The weights are packed once per call; rows
  /// stream through all layers in blocks shared over the cores (every row's result depends on
  /// that row alone, so the output does not depend on the thread count). Checked against
  /// autodiff and against the composed GEMM + vector-math path in the tests.
  ///
  /// - Complexity: O(N · (d·width + (depth − 1)·width²)) multiply-adds, twice.
  public func fastGradient(_ y: Tensor, parameters: ParameterSet, threads: Int = Gemm.defaultThreads) -> Tensor {
    precondition(y.rank == 2 && y.shape[1] == dimension, "MLPEnergy: points must be [N, \(dimension)], got \(y.shape)")
    let kernel = inputGradientKernel(parameters)
    return Tensor(shape: y.shape, scalars: kernel(y.scalars, threads: threads))
  }

  /// The fused input-gradient kernel with `parameters`' weights packed.
  public func inputGradientKernel(_ parameters: ParameterSet) -> MLPInputGradient {
    let network = network
    let kernelActivation: MLPInputGradient.Activation =
      switch activation {
      case .silu: .silu
      case .softplus: .softplus
      case .tanh: .tanh
      case .relu: .relu
      }
    return MLPInputGradient(
      dimension: dimension, width: width, depth: depth, activation: kernelActivation,
      weights: (0...depth).map { parameters[network.layer($0).weightKey]!.scalars },
      biases: (0..<depth).map { parameters[network.layer($0).biasKey]!.scalars })
  }
}
