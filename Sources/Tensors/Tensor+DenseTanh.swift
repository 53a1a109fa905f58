// A fused dense layer with tanh activation (and optional residual connection), for the
// many-candidate energies of EBM regression: one GEMM plus one pass instead of four to six
// separately allocated elementwise ops, forward and backward.

extension Tensor {
  /// `tanh(input · weightᵀ + bias)`, plus `input` when `residual`, in one fused operation.
  ///
  /// ```
  /// t = tanh(X Wᵀ + b_g),   out = t (+ X)
  /// ∂X = (G ⊙ (1 − t²)) W (+ G),   ∂W = (G ⊙ (1 − t²))ᵀ X,   ∂b_g = Σ_{rows of group g} G ⊙ (1 − t²)
  /// ```
  ///
  /// - Parameters:
  ///   - input: X `[N, in]`.
  ///   - weight: W `[out, in]` (PyTorch's layout).
  ///   - bias: `[out]`, or `[G, out]` with N divisible by G: row r uses bias row r / (N / G)
  ///     (a per-example bias shared by that example's N / G consecutive rows).
  ///   - residual: add X to the result (needs in == out).
  /// - Returns: `[N, out]`.
  ///
  /// The gradient rule is written with tensor ops whenever the backward pass is recorded
  /// (`createGraph`), so gradients of gradients (score matching) work; otherwise it runs as
  /// fused loops on the stored tanh values.
  public static func denseTanh(_ input: Tensor, weight: Tensor, bias: Tensor, residual: Bool = false) -> Tensor {
    precondition(input.rank == 2 && weight.rank == 2, "denseTanh: input \(input.shape) and weight \(weight.shape) must be rank 2")
    let (n, inputs) = (input.shape[0], input.shape[1])
    let outputs = weight.shape[0]
    precondition(weight.shape[1] == inputs, "denseTanh: weight \(weight.shape) does not fit input \(input.shape)")
    let groups = bias.rank == 1 ? 1 : bias.shape[0]
    precondition(
      bias.count == groups * outputs && (bias.rank == 1 || bias.rank == 2) && groups >= 1 && n % groups == 0,
      "denseTanh: bias \(bias.shape) must be [\(outputs)] or [G, \(outputs)] with G dividing \(n)")
    precondition(!residual || inputs == outputs, "denseTanh: a residual layer needs in == out, got \(inputs) → \(outputs)")
    let rowsPerGroup = groups > 0 ? n / groups : 0
    // t = tanh(X Wᵀ + b), kept for the fused backward pass.
    let t = [Float](unsafeUninitializedCapacity: n * outputs) { buffer, initialized in
      initialized = n * outputs
      guard n * outputs > 0, let c = buffer.baseAddress else { return }
      input.scalars.withUnsafeBufferPointer { x in
        weight.scalars.withUnsafeBufferPointer { w in
          Gemm.multiply(
            transposeA: false, transposeB: true, m: n, n: outputs, k: inputs, a: x.baseAddress!, lda: inputs,
            b: w.baseAddress!, ldb: inputs, c: c, ldc: outputs, accumulate: false, threads: Gemm.defaultThreads)
        }
      }
      bias.scalars.withUnsafeBufferPointer { b in
        for r in 0..<n {
          let row = c + r * outputs
          let biasRow = b.baseAddress! + (r / rowsPerGroup) * outputs
          for j in 0..<outputs { row[j] += biasRow[j] }
        }
      }
      VectorMath.tanh(UnsafePointer(c), c, count: n * outputs)
    }
    var values = t
    if residual {
      values.withUnsafeMutableBufferPointer { v in
        input.scalars.withUnsafeBufferPointer { x in
          for i in 0..<(n * outputs) { v[i] += x[i] }
        }
      }
    }
    let biasShape = bias.shape
    return result("denseTanh", shape: [n, outputs], scalars: values, inputs: [input, weight, bias]) { output, g in
      if GradientRecording.isEnabled {
        // Recorded backward pass: tensor ops, differentiable again.
        let tanhPart = residual ? output - input : output
        let d = g - g * tanhPart * tanhPart
        var dInput = matmul(d, weight)
        if residual { dInput = dInput + g }
        let dWeight = matmul(d, input, transposeA: true)
        let dBias = groups == 1
          ? d.sum(alongAxis: 0).reshaped(biasShape)
          : d.reshaped([groups, rowsPerGroup, outputs]).sum(alongAxis: 1).reshaped(biasShape)
        return [dInput, dWeight, dBias]
      }
      return fusedDenseTanhBackward(
        t: t, g: g.scalars, input: input.scalars, weight: weight.scalars, n: n, inputs: inputs, outputs: outputs,
        groups: groups, residual: residual, biasShape: biasShape, inputShape: input.shape, weightShape: weight.shape)
    }
  }

  static func fusedDenseTanhBackward(
    t: [Float], g: [Float], input: [Float], weight: [Float], n: Int, inputs: Int, outputs: Int, groups: Int,
    residual: Bool, biasShape: [Int], inputShape: [Int], weightShape: [Int]
  ) -> [Tensor?] {
    let count = n * outputs
    let rowsPerGroup = n / groups
    var dBias = [Float](repeating: 0, count: groups * outputs)
    let d = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      initialized = count
      t.withUnsafeBufferPointer { tp in
        g.withUnsafeBufferPointer { gp in
          for i in 0..<count {
            let ti = tp[i]
            buffer[i] = gp[i] * (1 - ti * ti)
          }
        }
      }
      dBias.withUnsafeMutableBufferPointer { db in
        for group in 0..<groups {
          let target = db.baseAddress! + group * outputs
          for r in (group * rowsPerGroup)..<((group + 1) * rowsPerGroup) {
            let row = buffer.baseAddress! + r * outputs
            for j in 0..<outputs { target[j] += row[j] }
          }
        }
      }
    }
    let dInput = [Float](unsafeUninitializedCapacity: n * inputs) { buffer, initialized in
      initialized = n * inputs
      guard n * inputs > 0 else { return }
      if residual {
        g.withUnsafeBufferPointer { gp in _ = buffer.initialize(fromContentsOf: gp) }
      }
      d.withUnsafeBufferPointer { dp in
        weight.withUnsafeBufferPointer { w in
          Gemm.multiply(
            transposeA: false, transposeB: false, m: n, n: inputs, k: outputs, a: dp.baseAddress!, lda: outputs,
            b: w.baseAddress!, ldb: inputs, c: buffer.baseAddress!, ldc: inputs, accumulate: residual,
            threads: Gemm.defaultThreads)
        }
      }
    }
    let dWeight = [Float](unsafeUninitializedCapacity: outputs * inputs) { buffer, initialized in
      initialized = outputs * inputs
      guard outputs * inputs > 0 else { return }
      guard n > 0 else {
        buffer.initialize(repeating: 0)
        return
      }
      d.withUnsafeBufferPointer { dp in
        input.withUnsafeBufferPointer { x in
          Gemm.multiply(
            transposeA: true, transposeB: false, m: outputs, n: inputs, k: n, a: dp.baseAddress!, lda: outputs,
            b: x.baseAddress!, ldb: inputs, c: buffer.baseAddress!, ldc: inputs, accumulate: false,
            threads: Gemm.defaultThreads)
        }
      }
    }
    return [
      Tensor(shape: inputShape, scalars: dInput), Tensor(shape: weightShape, scalars: dWeight),
      Tensor(shape: biasShape, scalars: dBias),
    ]
  }
}
