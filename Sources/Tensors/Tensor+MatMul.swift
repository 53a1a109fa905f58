// Matrix products, on the vectorised GEMM kernel.

extension Tensor {
  /// The matrix product op(a) · op(b) of rank-2 tensors, where op transposes when asked
  /// (without materialising the transpose). Higher ranks multiply matrix by matrix over the
  /// leading (batch) axes, which broadcast as in `torch.matmul`: `[B, 1, m, k] · [S, k, n]` is
  /// `[B, S, m, n]`, and a rank-2 operand is the same matrix for every batch.
  ///
  /// - Complexity: O(m · n · k), spread over the cores when large.
  public static func matmul(
    _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false
  ) -> Tensor {
    if a.rank == 3 && b.rank == 2 && !transposeA {
      let (batch, rows, depth) = (a.shape[0], a.shape[1], a.shape[2])
      return matmul(a.reshaped([batch * rows, depth]), b, transposeB: transposeB)
        .reshaped([batch, rows, transposeB ? b.shape[0] : b.shape[1]])
    }
    if a.rank == 3 && b.rank == 3 && a.shape[0] == b.shape[0] {
      return batchedMatmul(a, b, transposeA: transposeA, transposeB: transposeB)
    }
    if a.rank > 2 || b.rank > 2 {
      return broadcastMatmul(a, b, transposeA: transposeA, transposeB: transposeB)
    }
    precondition(a.rank == 2 && b.rank == 2, "matmul needs tensors of rank 2 or more, got \(a.shape) and \(b.shape)")
    let m = transposeA ? a.shape[1] : a.shape[0]
    let k = transposeA ? a.shape[0] : a.shape[1]
    let kb = transposeB ? b.shape[1] : b.shape[0]
    let n = transposeB ? b.shape[0] : b.shape[1]
    precondition(k == kb, "matmul: inner extents differ: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "")")
    let out = multiplyKernel(a.scalars, b.scalars, m: m, n: n, k: k, lda: a.shape[1], ldb: b.shape[1],
      transposeA: transposeA, transposeB: transposeB)
    return result("matmul", shape: [m, n], scalars: out, inputs: [a, b]) { _, g in
      switch (transposeA, transposeB) {
      case (false, false):
        return [matmul(g, b, transposeB: true), matmul(a, g, transposeA: true)]
      case (false, true):
        return [matmul(g, b), matmul(g, a, transposeA: true)]
      case (true, false):
        return [matmul(b, g, transposeB: true), matmul(a, g)]
      case (true, true):
        return [matmul(b, g, transposeA: true, transposeB: true), matmul(g, a, transposeA: true, transposeB: true)]
      }
    }
  }

  static func multiplyKernel(
    _ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, lda: Int, ldb: Int,
    transposeA: Bool, transposeB: Bool
  ) -> [Float] {
    [Float](unsafeUninitializedCapacity: m * n) { c, initialized in
      initialized = m * n
      guard m * n > 0 else { return }
      if k == 0 {
        c.initialize(repeating: 0)
        return
      }
      a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
          Gemm.multiply(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
            a: pa.baseAddress!, lda: lda, b: pb.baseAddress!, ldb: ldb,
            c: c.baseAddress!, ldc: n, accumulate: false, threads: Gemm.defaultThreads)
        }
      }
    }
  }

  static func batchedMatmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
    let batch = a.shape[0]
    let m = transposeA ? a.shape[2] : a.shape[1]
    let k = transposeA ? a.shape[1] : a.shape[2]
    let n = transposeB ? b.shape[1] : b.shape[2]
    precondition(k == (transposeB ? b.shape[2] : b.shape[1]), "batched matmul: inner extents differ: \(a.shape) · \(b.shape)")
    let aSize = a.shape[1] * a.shape[2]
    let bSize = b.shape[1] * b.shape[2]
    var out = [Float]()
    out.reserveCapacity(batch * m * n)
    for i in 0..<batch {
      out.append(contentsOf: multiplyKernel(
        Array(a.scalars[(i * aSize)..<((i + 1) * aSize)]), Array(b.scalars[(i * bSize)..<((i + 1) * bSize)]),
        m: m, n: n, k: k, lda: a.shape[2], ldb: b.shape[2], transposeA: transposeA, transposeB: transposeB))
    }
    return result("batchedMatmul", shape: [batch, m, n], scalars: out, inputs: [a, b]) { _, g in
      switch (transposeA, transposeB) {
      case (false, false):
        return [batchedMatmul(g, b, transposeA: false, transposeB: true), batchedMatmul(a, g, transposeA: true, transposeB: false)]
      case (false, true):
        return [batchedMatmul(g, b, transposeA: false, transposeB: false), batchedMatmul(g, a, transposeA: true, transposeB: false)]
      case (true, false):
        return [batchedMatmul(b, g, transposeA: false, transposeB: true), batchedMatmul(a, g, transposeA: false, transposeB: false)]
      case (true, true):
        return [batchedMatmul(b, g, transposeA: true, transposeB: true), batchedMatmul(g, a, transposeA: true, transposeB: true)]
      }
    }
  }

  /// ``matmul(_:_:transposeA:transposeB:)`` over broadcast batch axes: both operands are
  /// expanded to the common batch shape (the expansion's gradient sums back) and multiplied
  /// batch by batch.
  static func broadcastMatmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
    precondition(a.rank >= 2 && b.rank >= 2, "matmul needs tensors of rank 2 or more, got \(a.shape) and \(b.shape)")
    let batchA = Array(a.shape.dropLast(2))
    let batchB = Array(b.shape.dropLast(2))
    guard let batch = Broadcasting.shape(batchA, batchB) else {
      preconditionFailure("matmul: batch axes \(batchA) and \(batchB) do not broadcast (\(a.shape) · \(b.shape))")
    }
    let count = batch.reduce(1, *)
    let matrixA = Array(a.shape.suffix(2))
    let matrixB = Array(b.shape.suffix(2))
    let expandedA = a.expanded(to: batch + matrixA).reshaped([count] + matrixA)
    let expandedB = b.expanded(to: batch + matrixB).reshaped([count] + matrixB)
    let product = batchedMatmul(expandedA, expandedB, transposeA: transposeA, transposeB: transposeB)
    return product.reshaped(batch + Array(product.shape.suffix(2)))
  }
}
