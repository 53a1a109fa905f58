import CTensorKernels
import Dispatch
import Foundation

/// Single-precision matrix multiply on row-major matrices, backed by the AVX2+FMA kernels of
/// `CTensorKernels` (packed, cache-blocked, 6x16 register tiles; portable C on other CPUs).
///
/// Computes `C[m×n] = op(A)[m×k] · op(B)[k×n]` (or adds it to `C`), where `op(A)` is `A` or its
/// transpose. Large products are split over rows of `C` (or over columns when `C` has few rows)
/// across threads; `k` is never split, so the result is bit-identical whatever the thread count.
///
/// ```swift
/// Gemm.multiply(transposeA: false, transposeB: false, m: 2, n: 2, k: 3,
///               a: a, lda: 3, b: b, ldb: 2, c: c, ldc: 2, accumulate: false, threads: 1)
/// ```
public enum Gemm {
  /// The number of threads used when a caller does not say: the active processor count,
  /// capped at 8.
  public static let defaultThreads: Int = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))

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
}
