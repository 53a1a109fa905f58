import CTensorKernels
import Foundation

/// Temporary portable GEMM (replaced by the vectorised kernel).
public enum Gemm {
  public static let defaultThreads: Int = min(8, max(1, ProcessInfo.processInfo.activeProcessorCount))
  public static func multiply(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, threads: Int
  ) {
    for i in 0..<m {
      for j in 0..<n {
        var s: Float = accumulate ? c[i * ldc + j] : 0
        for p in 0..<k {
          let av = transposeA ? a[p * lda + i] : a[i * lda + p]
          let bv = transposeB ? b[j * ldb + p] : b[p * ldb + j]
          s += av * bv
        }
        c[i * ldc + j] = s
      }
    }
  }
}
