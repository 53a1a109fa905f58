import CTensorKernels
import Dispatch

/// The input gradient ∂E/∂x of a multilayer-perceptron energy for many points at once, by the
/// fused kernel of `mlpchain.c`: the weights are packed once (at `init`), then rows stream in
/// blocks through every layer, forward and backward, activations kept in cache.
///
/// ```
/// zₗ = hₗ₋₁ Wₗᵀ + bₗ,  hₗ = φ(zₗ)   (l = 1 … depth, h₀ = x)
/// g_depth = w ⊙ φ′(z_depth),   gₗ₋₁ = (gₗ Wₗ) ⊙ φ′(zₗ₋₁),   ∂E/∂x = g₁ W₁
/// ```
///
/// for E(x) = h_depth · w + b, every Wₗ `[out, in]` (PyTorch's layout). The result has the bits
/// of the same formula composed from ``Gemm`` and ``VectorMath`` (GEMM sums from zero over k in
/// order, then one add of the bias), on the AVX2 and the portable path alike, and does not depend
/// on the thread count (every row depends on its own input only).
public struct MLPInputGradient: @unchecked Sendable {
  /// φ: the hidden nonlinearity.
  public enum Activation: Int32, Sendable {
    case silu = 0
    case softplus = 1
    case tanh = 2
    case relu = 3
  }

  public let dimension: Int
  public let width: Int
  public let depth: Int
  public let activation: Activation
  /// The kernel's packed weights.
  let packed: [Float]

  /// Rows below which a call stays on one thread.
  static let rowsPerThread = 192

  /// - Parameters:
  ///   - weights: `depth + 1` weights: `[width, dimension]`, then `[width, width]` per further
  ///     hidden layer, then the output layer `[1, width]`.
  ///   - biases: the `depth` hidden biases `[width]` (the output bias does not enter ∂E/∂x).
  public init(dimension: Int, width: Int, depth: Int, activation: Activation, weights: [[Float]], biases: [[Float]]) {
    precondition(dimension >= 1 && width >= 1 && depth >= 1, "MLPInputGradient: sizes must be >= 1")
    precondition(weights.count == depth + 1 && biases.count == depth, "MLPInputGradient: need depth + 1 weights, depth biases")
    for (l, w) in weights.enumerated() {
      let expected = l == 0 ? width * dimension : (l == depth ? width : width * width)
      precondition(w.count == expected, "MLPInputGradient: weight \(l) has \(w.count) values, expected \(expected)")
    }
    precondition(biases.allSatisfy { $0.count == width }, "MLPInputGradient: biases must have \(width) values")
    self.dimension = dimension
    self.width = width
    self.depth = depth
    self.activation = activation
    var shape = ebm_mlp_shape(dimension: dimension, width: width, depth: depth, activation: activation.rawValue)
    var packed = [Float](repeating: 0, count: ebm_mlp_packed_floats(&shape))
    let weightPointers = weights.map { UnsafeMutablePointer<Float>.allocate(capacity: $0.count) }
    let biasPointers = biases.map { UnsafeMutablePointer<Float>.allocate(capacity: $0.count) }
    defer {
      weightPointers.forEach { $0.deallocate() }
      biasPointers.forEach { $0.deallocate() }
    }
    for (p, w) in zip(weightPointers, weights) { p.initialize(from: w, count: w.count) }
    for (p, b) in zip(biasPointers, biases) { p.initialize(from: b, count: b.count) }
    let constantWeights: [UnsafePointer<Float>?] = weightPointers.map { UnsafePointer($0) }
    let constantBiases: [UnsafePointer<Float>?] = biasPointers.map { UnsafePointer($0) }
    packed.withUnsafeMutableBufferPointer { buffer in
      ebm_mlp_pack(&shape, constantWeights, constantBiases, buffer.baseAddress!)
    }
    self.packed = packed
  }

  /// ∂E/∂x for every row of `points` `[N, dimension]` (flat, row-major), rows split over up to
  /// `threads` threads; `portable` forces the scalar path (same bits).
  public func callAsFunction(_ points: [Float], threads: Int = Gemm.defaultThreads, portable: Bool = false) -> [Float] {
    precondition(points.count % dimension == 0, "MLPInputGradient: \(points.count) values are not rows of \(dimension)")
    let n = points.count / dimension
    let workers = max(1, min(threads, n / Self.rowsPerThread))
    var shape = ebm_mlp_shape(dimension: dimension, width: width, depth: depth, activation: activation.rawValue)
    let shapeCopy = shape
    return [Float](unsafeUninitializedCapacity: points.count) { result, initialized in
      initialized = points.count
      guard n > 0 else { return }
      points.withUnsafeBufferPointer { input in
        packed.withUnsafeBufferPointer { weights in
          // Workers write disjoint rows of `result`; every buffer outlives the call.
          nonisolated(unsafe) let output = result.baseAddress!
          nonisolated(unsafe) let x = input.baseAddress!
          nonisolated(unsafe) let w = weights.baseAddress!
          let flag: Int32 = portable ? 1 : 0
          if workers == 1 {
            ebm_mlp_input_gradient(&shape, w, x, 0, n, output, flag)
            return
          }
          DispatchQueue.concurrentPerform(iterations: workers) { part in
            var local = shapeCopy
            let first = n * part / workers
            let last = n * (part + 1) / workers
            ebm_mlp_input_gradient(&local, w, x, first, last - first, output, flag)
          }
        }
      }
    }
  }
}
