import CTensorKernels
import Dispatch

// A chain of small dense layers run tile by tile in one fused kernel, forward and backward:
// the many-candidate energies of EBM regression push ~33,000 rows through layers ten units
// wide, where one GEMM and one elementwise pass per layer spend their time moving activations
// through memory and the graph. See `densechain.c` for the kernel.

extension Tensor {
  /// `h_L` of the chain `h_0 = input`, `h_l = act_l(h_{l−1} W_lᵀ + b_l) (+ h_{l−1})`, as one
  /// fused operation.
  ///
  /// ```
  /// forward    z_l = h_{l−1} W_lᵀ + b_l,  a_l = tanh z_l or z_l,  h_l = a_l (+ h_{l−1})
  /// backward   d_l = δ_l ⊙ (1 − a_l²) (tanh) or δ_l,   ∂W_l = d_lᵀ h_{l−1},   ∂b_l = Σ_rows d_l,
  ///            δ_{l−1} = d_l W_l (+ δ_l)
  /// ```
  ///
  /// The same function as the layers written one by one with ``denseTanh(_:weight:bias:residual:)``
  /// and ``matmul(_:_:transposeA:transposeB:)``, but rows go through all layers in tiles of 64
  /// that stay in L1, and the backward pass recomputes the residual sums from the stored
  /// activations instead of reading them back from memory. Gradients are summed in a fixed
  /// order (tile ranges, then lanes), so they are the same on any number of threads.
  ///
  /// When the backward pass is recorded (`createGraph`, e.g. score matching differentiating
  /// dE/dy) the gradient rule is the layer-by-layer composition, differentiable again.
  ///
  /// - Parameters:
  ///   - input: `[N, in₀]`.
  ///   - layers: the layers in order; layer l's input width is layer l−1's output width.
  /// - Returns: `[N, out_L]`.
  public static func denseChain(_ input: Tensor, layers: [DenseChainLayer]) -> Tensor {
    denseChain(input, layers: layers, portable: false)
  }

  /// ``denseChain(_:layers:)``, optionally on the portable C path whatever the CPU, on at most
  /// `threads` threads (tests).
  static func denseChain(
    _ input: Tensor, layers: [DenseChainLayer], portable: Bool, threads: Int = Gemm.defaultThreads
  ) -> Tensor {
    let plan = DenseChainPlan(input: input, layers: layers, threads: threads)
    let forward = plan.forward(input: input, portable: portable)
    let inputs = [input] + layers.flatMap { [$0.weight, $0.bias] }
    let needsInputGradient = input.isRecorded
    let needsParameterGradients = layers.contains { $0.weight.isRecorded || $0.bias.isRecorded }
    return result("denseChain", shape: [plan.rows, plan.outputWidth], scalars: forward.output, inputs: inputs) { _, g in
      if GradientRecording.isEnabled {
        // Each argument position gets an identity node of its own, so the gradient at one
        // position counts only the paths through that use. Asking for gradients at the
        // arguments themselves would double-count whenever the same tensor is passed twice,
        // or one argument is computed from another: the outer backward pass adds those
        // paths again.
        let uses = inputs.map { $0.identityNode("denseChainArgument") }
        let useLayers = layers.indices.map { index in
          DenseChainLayer(
            weight: uses[1 + 2 * index], bias: uses[2 + 2 * index], activation: layers[index].activation,
            residual: layers[index].residual)
        }
        let composite = composedChain(uses[0], layers: useLayers)
        return gradients(of: composite, at: uses, seed: g, createGraph: true)
      }
      return plan.backward(
        input: input, saved: forward.saved, gradOutput: g.scalars, needsInputGradient: needsInputGradient,
        needsParameterGradients: needsParameterGradients, portable: portable)
    }
  }

  /// The chain written layer by layer with recorded tensor operations (the reference the fused
  /// kernel is tested against, and its recorded gradient rule).
  static func composedChain(_ input: Tensor, layers: [DenseChainLayer]) -> Tensor {
    var h = input
    for layer in layers {
      switch layer.activation {
      case .tanh:
        h = denseTanh(h, weight: layer.weight, bias: layer.bias, residual: layer.residual)
      case .identity:
        let rows = h.shape[0]
        let groups = layer.groups
        let product = matmul(h, layer.weight, transposeB: true)
        let z = (product.reshaped([groups, rows / groups, layer.outputs]) + layer.bias.reshaped([groups, 1, layer.outputs]))
          .reshaped([rows, layer.outputs])
        h = layer.residual ? z + h : z
      }
    }
    return h
  }
}
