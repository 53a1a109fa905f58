import CTensorKernels
import Testing

@testable import Tensors

/// Checks ``Gemm`` against a naive `Double` product: every transpose combination, odd sizes that
/// leave partial micro-tiles, several cache blocks, padded leading dimensions, accumulation, and
/// bit-identical results whatever the thread count.
@Suite struct GemmTests {
  /// A row-major operand with padding after each row; the padding holds a sentinel.
  struct Matrix {
    var rows: Int
    var columns: Int
    var ld: Int
    var storage: [Float]

    init(rows: Int, columns: Int, padding: Int, seed: UInt64) {
      self.rows = rows
      self.columns = columns
      self.ld = columns + padding
      var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 12345
      storage = (0..<(rows * ld)).map { index in
        if index % (columns + padding) >= columns { return 777 }
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(state >> 40) / Float(1 << 23) - 1
      }
    }

    subscript(row: Int, column: Int) -> Float { storage[row * ld + column] }
  }

  /// Runs `Gemm.multiply` and checks it against the `Double` reference; returns C.
  @discardableResult
  static func check(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, padding: Int = 0,
    accumulate: Bool = false, threads: Int = 1, portable: Bool = false
  ) -> [Float] {
    let a = transposeA
      ? Matrix(rows: k, columns: m, padding: padding, seed: 1)
      : Matrix(rows: m, columns: k, padding: padding, seed: 1)
    let b = transposeB
      ? Matrix(rows: n, columns: k, padding: padding + 1, seed: 2)
      : Matrix(rows: k, columns: n, padding: padding + 1, seed: 2)
    var c = Matrix(rows: m, columns: n, padding: padding + 2, seed: 3)
    let original = c.storage
    a.storage.withUnsafeBufferPointer { ap in
      b.storage.withUnsafeBufferPointer { bp in
        c.storage.withUnsafeMutableBufferPointer { cp in
          if portable {
            ebm_sgemm_portable(
              transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, ap.baseAddress, a.ld,
              bp.baseAddress, b.ld, cp.baseAddress, c.ld, accumulate ? 1 : 0)
          } else {
            Gemm.multiply(
              transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
              a: ap.baseAddress!, lda: a.ld, b: bp.baseAddress!, ldb: b.ld,
              c: cp.baseAddress!, ldc: c.ld, accumulate: accumulate, threads: threads)
          }
        }
      }
    }
    var worst = 0.0
    for i in 0..<m {
      for j in 0..<n {
        var sum = 0.0
        var magnitude = 0.0
        for p in 0..<k {
          let x = Double(transposeA ? a[p, i] : a[i, p])
          let y = Double(transposeB ? b[j, p] : b[p, j])
          sum += x * y
          magnitude += abs(x * y)
        }
        let before = Double(original[i * c.ld + j])
        if accumulate {
          sum += before
          magnitude += abs(before)
        }
        let error = abs(Double(c[i, j]) - sum)
        let bound = Double(k + 2) * 1.2e-7 * magnitude + 1e-30
        worst = max(worst, error / bound)
      }
    }
    #expect(worst <= 1, "m=\(m) n=\(n) k=\(k) tA=\(transposeA) tB=\(transposeB): error \(worst)× bound")
    // Row padding of C is untouched.
    for i in 0..<m {
      for j in n..<c.ld { #expect(c.storage[i * c.ld + j] == 777) }
    }
    return c.storage
  }

  static let sizes = [1, 7, 17, 33, 65, 129]

  @Test(arguments: [false, true], [false, true])
  func oddSizesAgainstNaiveProduct(transposeA: Bool, transposeB: Bool) {
    for m in Self.sizes {
      for n in Self.sizes {
        for k in Self.sizes {
          Self.check(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k)
        }
      }
    }
  }

  @Test(arguments: [false, true], [false, true])
  func severalCacheBlocksAndPaddedLeadingDimensions(transposeA: Bool, transposeB: Bool) {
    // k > 256 (several k slices), m > 144 (several packed A blocks), n around the 8/16/32
    // column-panel boundaries, n > 4096 (several B blocks).
    for (m, n, k) in [(300, 40, 513), (151, 8, 300), (6, 16, 257), (13, 24, 260),
                      (200, 33, 31), (7, 4100, 3), (145, 47, 90)] {
      Self.check(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, padding: 3)
    }
  }

  @Test(arguments: [false, true], [false, true])
  func accumulateAddsToC(transposeA: Bool, transposeB: Bool) {
    for (m, n, k) in [(7, 17, 33), (65, 10, 20), (129, 129, 300), (1, 1, 1)] {
      Self.check(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, padding: 2,
                 accumulate: true)
    }
  }

  @Test(arguments: [false, true], [false, true])
  func narrowColumnsAgainstNaiveProduct(transposeA: Bool, transposeB: Bool) {
    // n <= 12 runs the row-vector kernel (8 rows per register, column chunks of at most 6); n = 13
    // is the first width on the tile kernels. m covers partial groups of 8 and 16 rows, k partial
    // 8x8 transposes and several k slices (k > 256); padded leading dimensions; C = and C +=.
    for n in 1...13 {
      for m in [1, 5, 8, 9, 16, 23, 40] {
        for k in [1, 3, 8, 13, 20, 300] {
          for accumulate in [false, true] {
            Self.check(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                       padding: 1, accumulate: accumulate)
          }
        }
      }
    }
  }

  @Test(arguments: [false, true], [false, true])
  func longSharedDimensionIsCutIntoPartialProducts(transposeA: Bool, transposeB: Bool) {
    // Tiny C, long k: the weight gradient of a layer over a large batch; k cut into 2 ... 8
    // partial products (k not a multiple of the cut), then summed; C = and C +=, 1 and 2 threads.
    #expect(Gemm.longKParts(m: 20, n: 10, k: 32768) == 8)
    #expect(Gemm.longKParts(m: 20, n: 10, k: 8191) == 1)
    #expect(Gemm.longKParts(m: 100, n: 100, k: 32768) == 1)
    for (m, n, k) in [(3, 5, 8192), (13, 7, 12_345), (20, 10, 32768 + 5), (1, 1, 40000)] {
      for accumulate in [false, true] {
        let one = Self.check(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                             padding: 1, accumulate: accumulate, threads: 1)
        let two = Self.check(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                             padding: 1, accumulate: accumulate, threads: 2)
        #expect(one == two, "m=\(m) n=\(n) k=\(k): 2 threads differ from 1")
      }
    }
  }

  @Test func emptyShapes() {
    var c: [Float] = [5, 5, 5, 5]
    let a: [Float] = [1, 2]
    // k = 0: C = 0, or unchanged when accumulating.
    Gemm.multiply(transposeA: false, transposeB: false, m: 2, n: 2, k: 0, a: a, lda: 1, b: a,
                  ldb: 2, c: &c, ldc: 2, accumulate: true, threads: 1)
    #expect(c == [5, 5, 5, 5])
    Gemm.multiply(transposeA: false, transposeB: false, m: 2, n: 2, k: 0, a: a, lda: 1, b: a,
                  ldb: 2, c: &c, ldc: 2, accumulate: false, threads: 1)
    #expect(c == [0, 0, 0, 0])
    // m = 0 or n = 0: nothing written.
    c = [5, 5, 5, 5]
    Gemm.multiply(transposeA: false, transposeB: false, m: 0, n: 2, k: 1, a: a, lda: 1, b: a,
                  ldb: 2, c: &c, ldc: 2, accumulate: false, threads: 2)
    #expect(c == [5, 5, 5, 5])
  }

  @Test func resultDoesNotDependOnThreadCount() {
    // Row splits (tall C), column splits (wide C with few rows), skinny EBM shapes, transposes.
    let shapes: [(Bool, Bool, Int, Int, Int)] = [
      (false, false, 300, 300, 300), (true, true, 301, 99, 257),
      (false, false, 32768, 10, 20), (false, true, 32768, 20, 10), (true, false, 20, 10, 32768),
      (false, false, 32768, 10, 10), (false, true, 32768, 10, 10), (true, false, 10, 10, 32768),
      (true, true, 1001, 7, 45),
      (false, false, 6, 2000, 64), (false, true, 5, 1000, 129),
    ]
    for (tA, tB, m, n, k) in shapes {
      let one = Self.check(transposeA: tA, transposeB: tB, m: m, n: n, k: k, threads: 1)
      for threads in [2, 3] {
        let many = Self.check(transposeA: tA, transposeB: tB, m: m, n: n, k: k, threads: threads)
        #expect(one == many, "m=\(m) n=\(n) k=\(k): \(threads) threads differ from 1")
      }
    }
  }

  @Test(arguments: [false, true], [false, true])
  func portablePathAgainstNaiveProduct(transposeA: Bool, transposeB: Bool) {
    for (m, n, k) in [(1, 1, 1), (7, 17, 33), (33, 65, 7), (129, 7, 17)] {
      Self.check(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, padding: 1,
                 portable: true)
      Self.check(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, padding: 1,
                 accumulate: true, portable: true)
    }
  }

  @Test func defaultThreadsIsSensible() {
    #expect(Gemm.defaultThreads >= 1 && Gemm.defaultThreads <= 8)
  }
}
