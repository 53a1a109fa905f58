import CTensorKernels

extension Tensor {
  /// The first and second directional derivatives of ``denseChain(_:layers:)``'s output along
  /// `direction` v (all ones when nil), by second-order forward mode in one fused tile pass:
  ///
  /// ```
  /// u_0 = v,  w_0 = 0,  s_l = u_{l−1} W_lᵀ,  t_l = w_{l−1} W_lᵀ,  a_l = tanh(h_{l−1} W_lᵀ + b_l)
  /// u_l = (1 − a_l²) ⊙ s_l (+ u_{l−1})
  /// w_l = (1 − a_l²) ⊙ (t_l − 2 a_l ⊙ s_l²) (+ w_{l−1})          (tanh″ = −2 tanh (1 − tanh²))
  /// J·v = u_L,   D²out[v, v] = w_L
  /// ```
  ///
  /// (identity layers: u_l = s_l, w_l = t_l). With a one-column input (a scalar y per row) these
  /// are ∂out/∂y and ∂²out/∂y²: the score and the exact Hessian trace of score matching
  /// (Hyvärinen 2005) in one pass, without a recorded graph.
  ///
  /// The result is differentiable with respect to the input and the layers' weights and biases.
  /// The backward pass is fused too: one more tile pass recomputes the three recursions in L1 and
  /// runs their reverse,
  ///
  /// ```
  /// t̄ = r̄ = w̄ ⊙ (1 − a²),   s̄ = ū ⊙ (1 − a²) − 4 a ⊙ s ⊙ r̄,   (r = t − 2 a s²)
  /// ā = h̄ − 2 ((w̄ ⊙ r + ū ⊙ s) ⊙ a + s² ⊙ r̄),   z̄ = ā ⊙ (1 − a²)
  /// ∂W_l = z̄ᵀ h_{l−1} + s̄ᵀ u_{l−1} + t̄ᵀ w_{l−1},   ∂b_l = Σ_rows z̄
  /// h̄_{l−1} = z̄ W_l (+ h̄),   ū_{l−1} = s̄ W_l (+ ū),   w̄_{l−1} = t̄ W_l (+ w̄)
  /// ```
  ///
  /// with the gradients summed in a fixed order (tile ranges, then lanes), so the same on any
  /// number of threads. When that backward pass is itself recorded (`createGraph`) the rule is
  /// the layer-by-layer composition (``composedChainSecondTangent(_:layers:direction:)``),
  /// differentiable again. The direction is a constant (it must not be recorded).
  ///
  /// - Parameters:
  ///   - input: `[N, in₀]`.
  ///   - layers: as for ``denseChain(_:layers:)``.
  ///   - direction: `[N, in₀]`, or nil for all ones.
  /// - Returns: `[2, N, out_L]`: J·v, then D²out[v, v].
  public static func denseChainSecondTangent(_ input: Tensor, layers: [DenseChainLayer], direction: Tensor? = nil)
    -> Tensor
  {
    denseChainSecondTangent(input, layers: layers, direction: direction, portable: false)
  }

  /// ``denseChainSecondTangent(_:layers:direction:)``, optionally on the portable C path, on at
  /// most `threads` threads (tests).
  static func denseChainSecondTangent(
    _ input: Tensor, layers: [DenseChainLayer], direction: Tensor?, portable: Bool, threads: Int = Gemm.defaultThreads
  ) -> Tensor {
    if let direction {
      precondition(
        direction.shape == input.shape, "denseChainSecondTangent: direction \(direction.shape) must match input \(input.shape)")
      precondition(!direction.isRecorded, "denseChainSecondTangent: the direction is a constant; detach it")
    }
    let plan = DenseChainPlan(input: input, layers: layers, threads: threads)
    let both = plan.secondTangent(input: input, direction: direction, portable: portable)
    let inputs = [input] + layers.flatMap { [$0.weight, $0.bias] }
    let needsInputGradient = input.isRecorded
    let needsParameterGradients = layers.contains { $0.weight.isRecorded || $0.bias.isRecorded }
    return result("denseChainSecondTangent", shape: [2, plan.rows, plan.outputWidth], scalars: both, inputs: inputs) {
      _, g in
      if GradientRecording.isEnabled {
        // One identity node per argument position, as in `denseChainTangent`.
        let uses = inputs.map { $0.identityNode("denseChainSecondTangentArgument") }
        let useLayers = layers.indices.map { index in
          DenseChainLayer(
            weight: uses[1 + 2 * index], bias: uses[2 + 2 * index], activation: layers[index].activation,
            residual: layers[index].residual)
        }
        let composite = composedChainSecondTangent(uses[0], layers: useLayers, direction: direction)
        return gradients(of: composite, at: uses, seed: g, createGraph: true)
      }
      return plan.secondTangentBackward(
        input: input, direction: direction, gradient: g.scalars, needsInputGradient: needsInputGradient,
        needsParameterGradients: needsParameterGradients, portable: portable)
    }
  }

  /// Both tangents written layer by layer with recorded tensor operations, `[2, N, out_L]`: the
  /// recorded gradient rule of ``denseChainSecondTangent(_:layers:direction:)`` and the reference
  /// its kernels are tested against.
  static func composedChainSecondTangent(_ input: Tensor, layers: [DenseChainLayer], direction: Tensor?) -> Tensor {
    var h = input
    var u = direction ?? Tensor.ones(input.shape)
    var w = Tensor.zeros(input.shape)
    for layer in layers {
      let rows = h.shape[0]
      let groups = layer.groups
      let z = (matmul(h, layer.weight, transposeB: true).reshaped([groups, rows / groups, layer.outputs])
        + layer.bias.reshaped([groups, 1, layer.outputs])).reshaped([rows, layer.outputs])
      let s = matmul(u, layer.weight, transposeB: true)
      let t = matmul(w, layer.weight, transposeB: true)
      var a = z
      var nextU = s
      var nextW = t
      if layer.activation == .tanh {
        a = z.tanh()
        let derivative = 1 - a.squared()
        nextU = derivative * s
        nextW = derivative * (t - 2 * a * s.squared())
      }
      u = layer.residual ? nextU + u : nextU
      w = layer.residual ? nextW + w : nextW
      h = layer.residual ? a + h : a
    }
    return Tensor.stack([u, w])
  }
}
