// Forward-mode tangent of a dense tanh layer, fused: the companion of
// `Tensor.denseTanh(_:weight:bias:residual:)` for closed-form input gradients (score matching).

extension Tensor {
  /// The tangent of a dense tanh layer, `(1 − t²) ⊙ (U · Wᵀ)`, plus `U` when `residual`, in
  /// one fused operation:
  ///
  /// ```
  /// A = U Wᵀ,   out = (1 − t²) ⊙ A (+ U)
  /// ∂U = (G ⊙ (1 − t²)) W (+ G),   ∂W = (G ⊙ (1 − t²))ᵀ U,   ∂t = −2 G ⊙ A ⊙ t
  /// ```
  ///
  /// - Parameters:
  ///   - tangent: U `[N, in]`, the tangent of the layer's input.
  ///   - weight: W `[out, in]`.
  ///   - activation: t `[N, out]`, the layer's tanh values.
  ///   - residual: add U (needs in == out).
  /// - Returns: `[N, out]`.
  ///
  /// The gradient rule is written with tensor ops when the backward pass is recorded, and
  /// runs as fused loops otherwise.
  public static func tanhTangent(_ tangent: Tensor, weight: Tensor, activation t: Tensor, residual: Bool = false) -> Tensor {
    precondition(tangent.rank == 2 && weight.rank == 2 && t.rank == 2, "tanhTangent: rank-2 tensors needed")
    let (n, inputs) = (tangent.shape[0], tangent.shape[1])
    let outputs = weight.shape[0]
    precondition(weight.shape[1] == inputs && t.shape == [n, outputs], "tanhTangent: shapes \(tangent.shape), \(weight.shape), \(t.shape) do not fit")
    precondition(!residual || inputs == outputs, "tanhTangent: a residual layer needs in == out")
    let count = n * outputs
    let a = multiplyKernel(tangent.scalars, weight.scalars, m: n, n: outputs, k: inputs, lda: inputs, ldb: inputs, transposeA: false, transposeB: true)
    let values = [Float](unsafeUninitializedCapacity: count) { out, initialized in
      initialized = count
      a.withUnsafeBufferPointer { ap in
        t.scalars.withUnsafeBufferPointer { tp in
          for i in 0..<count { out[i] = ap[i] - ap[i] * tp[i] * tp[i] }
          if residual {
            tangent.scalars.withUnsafeBufferPointer { u in
              for i in 0..<count { out[i] += u[i] }
            }
          }
        }
      }
    }
    let needsTangentGradient = tangent.isRecorded
    return result("tanhTangent", shape: [n, outputs], scalars: values, inputs: [tangent, weight, t]) { _, g in
      if GradientRecording.isEnabled {
        let recordedA = matmul(tangent, weight, transposeB: true)
        let dA = g - g * t * t
        var dTangent: Tensor? = nil
        if needsTangentGradient { dTangent = residual ? matmul(dA, weight) + g : matmul(dA, weight) }
        let dWeight = matmul(dA, tangent, transposeA: true)
        let dT = g * recordedA * t * -2
        return [dTangent, dWeight, dT]
      }
      var dA = [Float](repeating: 0, count: count)
      var dT = [Float](repeating: 0, count: count)
      g.scalars.withUnsafeBufferPointer { gp in
        t.scalars.withUnsafeBufferPointer { tp in
          a.withUnsafeBufferPointer { ap in
            for i in 0..<count {
              let ti = tp[i]
              dA[i] = gp[i] - gp[i] * ti * ti
              dT[i] = -2 * gp[i] * ap[i] * ti
            }
          }
        }
      }
      var dTangent: Tensor? = nil
      if needsTangentGradient {
        var scalars = multiplyKernel(dA, weight.scalars, m: n, n: inputs, k: outputs, lda: outputs, ldb: inputs, transposeA: false, transposeB: false)
        if residual {
          g.scalars.withUnsafeBufferPointer { gp in
            for i in 0..<(n * inputs) { scalars[i] += gp[i] }
          }
        }
        dTangent = Tensor(shape: tangent.shape, scalars: scalars)
      }
      let dWeight = multiplyKernel(dA, tangent.scalars, m: outputs, n: inputs, k: n, lda: outputs, ldb: inputs, transposeA: true, transposeB: false)
      return [dTangent, Tensor(shape: weight.shape, scalars: dWeight), Tensor(shape: t.shape, scalars: dT)]
    }
  }
}
