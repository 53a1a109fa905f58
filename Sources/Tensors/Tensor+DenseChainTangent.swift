import CTensorKernels

extension Tensor {
  /// The directional derivative J·v of ``denseChain(_:layers:)``'s output along `direction`
  /// (all ones when nil), by forward-mode propagation in the same fused tile pass as the values:
  ///
  /// ```
  /// u_0 = v,   u_l = (1 − a_l²) ⊙ (u_{l−1} W_lᵀ) (+ u_{l−1}),   J·v = u_L
  /// ```
  ///
  /// With a one-column input (a scalar y per row) that is ∂out/∂y, what Langevin dynamics,
  /// gradient-based prediction and score matching need, in one pass and without storing
  /// activations.
  ///
  /// The result is differentiable with respect to the input and the layers' weights and biases
  /// (score matching: the loss is a function of ∂E/∂y, trained by its parameter gradient). The
  /// backward pass is fused too: one more tile pass recomputes values and tangents in L1 and
  /// runs the reverse of both recursions,
  ///
  /// ```
  /// s̄ = ū ⊙ (1 − a²),   ā = h̄ − 2 ū ⊙ s ⊙ a,   z̄ = ā ⊙ (1 − a²)      (s = u_{l−1} W_lᵀ)
  /// ∂W_l = z̄ᵀ h_{l−1} + s̄ᵀ u_{l−1},   ∂b_l = Σ_rows z̄,   h̄_{l−1} = z̄ W_l (+ h̄),   ū_{l−1} = s̄ W_l (+ ū)
  /// ```
  ///
  /// with the gradients summed in a fixed order (tile ranges, then lanes), so the same on any
  /// number of threads. When that backward pass is itself recorded (`createGraph`, e.g. the
  /// exact score-matching trace differentiating ∂E/∂y once more) the rule is the layer-by-layer
  /// composition (``denseTanh(_:weight:bias:residual:)``, ``tanhTangent(_:weight:activation:residual:)``),
  /// differentiable again. The direction is a constant (it must not be recorded).
  ///
  /// - Parameters:
  ///   - input: `[N, in₀]`.
  ///   - layers: as for ``denseChain(_:layers:)``.
  ///   - direction: `[N, in₀]`, or nil for all ones.
  /// - Returns: `[N, out_L]`.
  public static func denseChainTangent(_ input: Tensor, layers: [DenseChainLayer], direction: Tensor? = nil) -> Tensor {
    denseChainTangent(input, layers: layers, direction: direction, portable: false)
  }

  /// ``denseChainTangent(_:layers:direction:)``, optionally on the portable C path, on at most
  /// `threads` threads (tests).
  static func denseChainTangent(
    _ input: Tensor, layers: [DenseChainLayer], direction: Tensor?, portable: Bool, threads: Int = Gemm.defaultThreads
  ) -> Tensor {
    if let direction {
      precondition(direction.shape == input.shape, "denseChainTangent: direction \(direction.shape) must match input \(input.shape)")
      precondition(!direction.isRecorded, "denseChainTangent: the direction is a constant; detach it")
    }
    let plan = DenseChainPlan(input: input, layers: layers, threads: threads)
    let tangent = plan.tangent(input: input, direction: direction, portable: portable)
    let inputs = [input] + layers.flatMap { [$0.weight, $0.bias] }
    let needsInputGradient = input.isRecorded
    let needsParameterGradients = layers.contains { $0.weight.isRecorded || $0.bias.isRecorded }
    return result("denseChainTangent", shape: [plan.rows, plan.outputWidth], scalars: tangent, inputs: inputs) { _, g in
      if GradientRecording.isEnabled {
        // One identity node per argument position, as in `denseChain`: the gradient at a
        // position counts only the paths through that use.
        let uses = inputs.map { $0.identityNode("denseChainTangentArgument") }
        let useLayers = layers.indices.map { index in
          DenseChainLayer(
            weight: uses[1 + 2 * index], bias: uses[2 + 2 * index], activation: layers[index].activation,
            residual: layers[index].residual)
        }
        let composite = composedChainTangent(uses[0], layers: useLayers, direction: direction)
        return gradients(of: composite, at: uses, seed: g, createGraph: true)
      }
      return plan.tangentBackward(
        input: input, direction: direction, gradTangent: g.scalars, gradOutput: nil,
        needsInputGradient: needsInputGradient, needsParameterGradients: needsParameterGradients, portable: portable)
    }
  }

  /// The tangent written layer by layer with recorded tensor operations: the recorded gradient
  /// rule of ``denseChainTangent(_:layers:direction:)`` and the reference its kernels are tested
  /// against.
  static func composedChainTangent(_ input: Tensor, layers: [DenseChainLayer], direction: Tensor?) -> Tensor {
    var h = input
    var u = direction ?? Tensor.ones(input.shape)
    for layer in layers {
      switch layer.activation {
      case .tanh:
        let a = denseTanh(h, weight: layer.weight, bias: layer.bias)
        u = tanhTangent(u, weight: layer.weight, activation: a, residual: layer.residual)
        h = layer.residual ? a + h : a
      case .identity:
        let rows = h.shape[0]
        let groups = layer.groups
        let product = matmul(h, layer.weight, transposeB: true)
        let z = (product.reshaped([groups, rows / groups, layer.outputs]) + layer.bias.reshaped([groups, 1, layer.outputs]))
          .reshaped([rows, layer.outputs])
        let s = matmul(u, layer.weight, transposeB: true)
        u = layer.residual ? s + u : s
        h = layer.residual ? z + h : z
      }
    }
    return u
  }
}
