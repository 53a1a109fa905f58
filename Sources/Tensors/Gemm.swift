import CTensorKernels
import Dispatch
import Foundation

/// Single-precision matrix multiply on row-major matrices, backed by the AVX2+FMA kernels of
/// `CTensorKernels` (packed, cache-blocked, 6x16 register tiles; portable C on other CPUs).
///
/// Computes `C[m×n] = op(A)[m×k] · op(B)[k×n]` (or adds it to `C`), where `op(A)` is `A` or its
/// transpose. Large products are split over rows of `C` (or over columns when `C` has few rows)
/// across threads. A product with a tiny `C` and a long `k` (a layer's weight gradient over a
/// large batch) is instead cut into a fixed number of `k` ranges whose partial products are added
/// in a fixed order; the cut depends on `m`, `n` and `k` alone, so the result is bit-identical
/// whatever the thread count.
///
/// ```swift
/// Gemm.multiply(transposeA: false, transposeB: false, m: 2, n: 2, k: 3,
///               a: a, lda: 3, b: b, ldb: 2, c: c, ldc: 2, accumulate: false, threads: 1)
/// ```
public enum Gemm {
  /// The number of threads used when a caller does not say: ``KernelThreads/count`` (set by
  /// API or `EBM_NUM_THREADS`; by default the processors this process may run on, capped at 8).
  public static var defaultThreads: Int { KernelThreads.count }

  /// Below this many multiply-adds (`m·n·k`) a product runs on the calling thread only.
  public static let parallelThreshold = 1 << 18

  /// `C = op(A)·op(B)`, or `C += op(A)·op(B)` when `accumulate` is true.
  ///
  /// - Parameters:
  ///   - transposeA: when false `A` is stored `[m×k]` (`lda ≥ k`); when true `A` is stored
  ///     `[k×m]` (`lda ≥ m`) and `op(A) = Aᵀ`.
  ///   - transposeB: when false `B` is stored `[k×n]` (`ldb ≥ n`); when true `B` is stored
  ///     `[n×k]` (`ldb ≥ k`) and `op(B) = Bᵀ`.
  ///   - m: rows of `C`.
  ///   - n: columns of `C`.
  ///   - k: the shared dimension.
  ///   - a: first element of `A`; rows are `lda` elements apart.
  ///   - lda: leading dimension (row stride) of `A`.
  ///   - b: first element of `B`; rows are `ldb` elements apart.
  ///   - ldb: leading dimension (row stride) of `B`.
  ///   - c: first element of `C` (`ldc ≥ n`); must not overlap `A` or `B`.
  ///   - ldc: leading dimension (row stride) of `C`.
  ///   - accumulate: add to the existing contents of `C` instead of overwriting them.
  ///   - threads: the most threads to use; products under ``parallelThreshold`` use one.
  public static func multiply(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, threads: Int = Gemm.defaultThreads
  ) {
    precondition(m >= 0 && n >= 0 && k >= 0, "Gemm: negative size m=\(m) n=\(n) k=\(k)")
    precondition(lda >= max(1, transposeA ? m : k), "Gemm: lda=\(lda) too small")
    precondition(ldb >= max(1, transposeB ? k : n), "Gemm: ldb=\(ldb) too small")
    precondition(ldc >= max(1, n), "Gemm: ldc=\(ldc) too small")
    if m == 0 || n == 0 { return }

    let tA: Int32 = transposeA ? 1 : 0
    let tB: Int32 = transposeB ? 1 : 0
    let acc: Int32 = accumulate ? 1 : 0
    let work = m * n * max(k, 1)
    let blocks = work >= parallelThreshold ? max(1, threads) : 1

    // Rows of C in multiples of the micro-tile height (6), or columns in multiples of its width
    // (16) when there are too few rows to share.
    // Each iteration writes a disjoint block of C; the buffers outlive the call.
    nonisolated(unsafe) let a = a
    nonisolated(unsafe) let b = b
    nonisolated(unsafe) let c = c
    let kParts = longKParts(m: m, n: n, k: k)
    if kParts > 1 {
      multiplyLongK(
        tA, tB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc, acc: acc,
        parts: kParts, threads: blocks)
      return
    }
    let rowUnits = (m + 5) / 6
    let colUnits = (n + 15) / 16
    if blocks == 1 || (rowUnits < 2 && colUnits < 2) {
      ebm_sgemm(tA, tB, m, n, k, a, lda, b, ldb, c, ldc, acc)
      return
    }
    if rowUnits >= colUnits || rowUnits >= 2 * blocks {
      let parts = min(blocks, rowUnits)
      DispatchQueue.concurrentPerform(iterations: parts) { part in
        let first = min(m, (rowUnits * part / parts) * 6)
        let last = min(m, (rowUnits * (part + 1) / parts) * 6)
        if first >= last { return }
        let aBlock = transposeA ? a + first : a + first * lda
        ebm_sgemm(tA, tB, last - first, n, k, aBlock, lda, b, ldb, c + first * ldc, ldc, acc)
      }
    } else {
      let parts = min(blocks, colUnits)
      DispatchQueue.concurrentPerform(iterations: parts) { part in
        let first = min(n, (colUnits * part / parts) * 16)
        let last = min(n, (colUnits * (part + 1) / parts) * 16)
        if first >= last { return }
        let bBlock = transposeB ? b + first * ldb : b + first
        ebm_sgemm(tA, tB, m, last - first, k, a, lda, bBlock, ldb, c + first, ldc, acc)
      }
    }
  }

  /// Below this many elements of `C` and from ``longKMinimum`` on in `k`, a product is cut
  /// along `k` (rows and columns of such a `C` are too few to share out).
  static let longKMaxOutput = 4096

  /// The shortest `k` cut into partial products.
  static let longKMinimum = 8192

  /// How many `k` ranges a product is cut into: 1 (not cut), or 2 ... 8 ranges of at least 4096.
  /// A function of the shape alone, never of the thread count.
  static func longKParts(m: Int, n: Int, k: Int) -> Int {
    guard m * n <= longKMaxOutput, k >= longKMinimum else { return 1 }
    return min(8, k / 4096)
  }

  /// `C (+)= Σ_part op(A)[:, range] · op(B)[range, :]` over `parts` equal ranges of `k`, the
  /// partial products computed on up to `threads` threads and summed in ascending order.
  private static func multiplyLongK(
    _ tA: Int32, _ tB: Int32, m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int, acc: Int32, parts: Int, threads: Int
  ) {
    let size = m * n
    let partials = UnsafeMutablePointer<Float>.allocate(capacity: parts * size)
    defer { partials.deallocate() }
    nonisolated(unsafe) let a = a
    nonisolated(unsafe) let b = b
    nonisolated(unsafe) let out = partials
    let compute: @Sendable (Int) -> Void = { part in
      let first = k * part / parts
      let last = k * (part + 1) / parts
      let aBlock = tA != 0 ? a + first * lda : a + first
      let bBlock = tB != 0 ? b + first : b + first * ldb
      ebm_sgemm(tA, tB, m, n, last - first, aBlock, lda, bBlock, ldb, out + part * size, n, 0)
    }
    let workers = min(threads, parts)
    if workers <= 1 {
      for part in 0..<parts { compute(part) }
    } else {
      DispatchQueue.concurrentPerform(iterations: workers) { worker in
        for part in stride(from: worker, to: parts, by: workers) { compute(part) }
      }
    }
    for i in 0..<m {
      let row = c + i * ldc
      for j in 0..<n {
        var sum = partials[i * n + j]
        for part in 1..<parts { sum += partials[part * size + i * n + j] }
        row[j] = acc != 0 ? row[j] + sum : sum
      }
    }
  }
}
