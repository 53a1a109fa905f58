import Dispatch
import Tensors
import EBMProtocols

extension MLPEnergy {
  /// Rows per block of the fused kernel: the block's activations and derivatives
  /// (`(depth + 5) × rows × width` floats) stay in cache.
  static let fastGradientBlockRows = 128

  /// ∂E/∂x for every row of `y` `[N, d]`, by a hand-written forward and backward pass (no
  /// autodiff graph): the backward pass needs only φ′(zₗ) and the weights,
  ///
  /// ```
  /// zₗ = hₗ₋₁ Wₗᵀ + bₗ,   g_depth = w ⊙ φ′(z_depth),   gₗ₋₁ = (gₗ Wₗ) ⊙ φ′(zₗ₋₁),   ∂E/∂x = g₁ W₁
  /// ```
  /// with every Wₗ `[out, in]` (PyTorch's layout).
  ///
  /// Rows are processed in blocks of ``fastGradientBlockRows``, blocks shared over the cores
  /// (every row's result depends on that row alone, so the output does not depend on the
  /// thread count). Checked against autodiff in the tests.
  ///
  /// - Complexity: O(N · (d·width + (depth − 1)·width²)) multiply-adds, twice.
  public func fastGradient(_ y: Tensor, parameters: ParameterSet, threads: Int = Gemm.defaultThreads) -> Tensor {
    precondition(y.rank == 2 && y.shape[1] == dimension, "MLPEnergy: points must be [N, \(dimension)], got \(y.shape)")
    let n = y.shape[0]
    let d = dimension
    let h = width
    let layers = depth
    // Weights are `[out, in]` (PyTorch's layout); layer `layers` is the output layer `[1, h]`.
    let network = network
    let weights = (0..<layers).map { parameters[network.layer($0).weightKey]!.scalars }
    let biases = (0..<layers).map { parameters[network.layer($0).biasKey]!.scalars }
    let outputWeight = parameters[network.layer(layers).weightKey]!.scalars
    let activation = activation
    let block = MLPEnergy.fastGradientBlockRows
    let blocks = (n + block - 1) / block
    let workers = max(1, min(threads, blocks))
    var result = [Float](repeating: 0, count: n * d)
    result.withUnsafeMutableBufferPointer { resultBuffer in
      y.scalars.withUnsafeBufferPointer { inputBuffer in
        // Workers write disjoint rows of `result`; both buffers outlive the call.
        nonisolated(unsafe) let output = resultBuffer.baseAddress!
        nonisolated(unsafe) let input = inputBuffer.baseAddress!
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
          // Scratch: two activation buffers, the pre-activations, φ′ for every layer, two
          // gradient buffers.
          var scratch = [Float](repeating: 0, count: (layers + 5) * block * h)
          scratch.withUnsafeMutableBufferPointer { s in
            let base = s.baseAddress!
            let activations = [base, base + block * h]
            let z = base + 2 * block * h
            let gradients = [base + 3 * block * h, base + 4 * block * h]
            let derivatives = (0..<layers).map { base + (5 + $0) * block * h }
            var b = worker
            while b < blocks {
              let first = b * block
              let rows = min(block, n - first)
              let x = input + first * d
              // Forward.
              var current = activations[0]
              for l in 0..<layers {
                let w = weights[l]
                let bias = biases[l]
                bias.withUnsafeBufferPointer { bp in
                  for i in 0..<rows { (z + i * h).update(from: bp.baseAddress!, count: h) }
                }
                w.withUnsafeBufferPointer { wp in
                  if l == 0 {
                    // W₁ is [h, d]: column k is W₁[·, k], stride d.
                    for i in 0..<rows {
                      let zi = z + i * h
                      for k in 0..<d {
                        let xv = x[i * d + k]
                        let wk = wp.baseAddress! + k
                        for j in 0..<h { zi[j] += xv * wk[j * d] }
                      }
                    }
                  } else {
                    Gemm.multiply(
                      transposeA: false, transposeB: true, m: rows, n: h, k: h, a: current, lda: h,
                      b: wp.baseAddress!, ldb: h, c: z, ldc: h, accumulate: true, threads: 1)
                  }
                }
                let next = activations[(l + 1) % 2]
                MLPEnergy.activate(activation, z: z, value: next, derivative: derivatives[l], count: rows * h)
                current = next
              }
              // Backward.
              var g = gradients[0]
              outputWeight.withUnsafeBufferPointer { wp in
                let w = wp.baseAddress!
                let phi = derivatives[layers - 1]
                for i in 0..<rows {
                  for j in 0..<h { g[i * h + j] = w[j] * phi[i * h + j] }
                }
              }
              var l = layers - 1
              while l >= 1 {
                let previous = gradients[(layers - l) % 2]
                weights[l].withUnsafeBufferPointer { wp in
                  Gemm.multiply(
                    transposeA: false, transposeB: false, m: rows, n: h, k: h, a: g, lda: h, b: wp.baseAddress!,
                    ldb: h, c: previous, ldc: h, accumulate: false, threads: 1)
                }
                VectorMath.multiply(previous, derivatives[l - 1], previous, count: rows * h)
                g = previous
                l -= 1
              }
              weights[0].withUnsafeBufferPointer { wp in
                let w = wp.baseAddress!
                for i in 0..<rows {
                  let gi = g + i * h
                  for k in 0..<d {
                    let wk = w + k
                    var sum: Float = 0
                    for j in 0..<h { sum += gi[j] * wk[j * d] }
                    output[(first + i) * d + k] = sum
                  }
                }
              }
              b += workers
            }
          }
        }
      }
    }
    return Tensor(shape: y.shape, scalars: result)
  }

  /// φ(z) into `value` and φ′(z) into `derivative`.
  static func activate(
    _ activation: MLPActivation, z: UnsafeMutablePointer<Float>, value: UnsafeMutablePointer<Float>,
    derivative: UnsafeMutablePointer<Float>, count: Int
  ) {
    switch activation {
    case .silu:
      // s = σ(z), φ = z s, φ′ = s (1 + z (1 − s)), vectorised.
      VectorMath.siluWithDerivative(z, value: value, derivative: derivative, count: count)
    case .softplus:
      VectorMath.softplus(z, value, count: count, threads: 1)
      VectorMath.sigmoid(z, derivative, count: count, threads: 1)
    case .tanh:
      VectorMath.tanh(z, value, count: count, threads: 1)
      for e in 0..<count { derivative[e] = 1 - value[e] * value[e] }
    case .relu:
      for e in 0..<count {
        let v = z[e]
        value[e] = v.isNaN || v > 0 ? v : 0  // relu keeps NaN, as Tensor.relu does
        derivative[e] = v.isNaN || v > 0 ? 1 : 0
      }
    }
  }
}
