import CTensorKernels

extension Tensor {
  /// The directional derivative J·v of ``denseChain(_:layers:)``'s output along `direction`
  /// (all ones when nil), by forward-mode propagation in the same fused tile pass as the values:
  ///
  /// ```
  /// u_0 = v,   u_l = (1 − a_l²) ⊙ (u_{l−1} W_lᵀ) (+ u_{l−1}),   J·v = u_L
  /// ```
  ///
  /// With a one-column input (a scalar y per row) that is ∂out/∂y, what Langevin dynamics and
  /// gradient-based prediction need, in one pass and without storing activations. The result is
  /// a constant: nothing is recorded (use ``denseChain(_:layers:)`` and ``gradients(of:at:seed:createGraph:)``
  /// when the derivative must be differentiated).
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
    }
    let plan = DenseChainPlan(input: input, layers: layers, threads: threads)
    return Tensor(
      shape: [plan.rows, plan.outputWidth], scalars: plan.tangent(input: input, direction: direction, portable: portable))
  }
}
