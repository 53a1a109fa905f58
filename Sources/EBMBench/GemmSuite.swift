import Tensors

/// `ebm-bench gemm`: SGEMM throughput of ``Gemm`` on square sizes and on the skinny products of
/// EBM training (forward and both backward products), on 1 and 2 threads, beside numpy's
/// matmul on the same shapes measured in the same run when python3 and numpy are available
/// (`ratio_to_numpy` = ours / numpy's).
struct GemmSuite: BenchmarkSuite {
  let name = "gemm"
  let summary = "SGEMM GFLOP/s: 256^3, 512^3, 1024^3 and skinny EBM shapes, 1 and 2 threads, vs numpy"

  /// One product to time.
  private struct Product {
    var benchmark: String
    var transposeA: Bool
    var transposeB: Bool
    var m: Int
    var n: Int
    var k: Int

    /// Shape as written in records, e.g. `32768x10 * (20x10)^T`.
    var shape: String {
      let a = transposeA ? "(\(k)x\(m))^T" : "\(m)x\(k)"
      let b = transposeB ? "(\(n)x\(k))^T" : "\(k)x\(n)"
      return "\(a) * \(b)"
    }
  }

  private static let squareSizes = [256, 512, 1024]
  private static let threadCounts = [1, 2]

  private static var products: [Product] {
    var list = squareSizes.map {
      Product(benchmark: "sgemm", transposeA: false, transposeB: false, m: $0, n: $0, k: $0)
    }
    // An EBM layer [B x in] -> [B x out]: forward C = A W, backward dA = dC W^T, dW = A^T dC.
    for (input, output) in [(20, 10), (10, 10)] {
      let rows = 32768
      list.append(Product(benchmark: "sgemm-ebm-forward", transposeA: false, transposeB: false,
                          m: rows, n: output, k: input))
      list.append(Product(benchmark: "sgemm-ebm-backward-dA", transposeA: false, transposeB: true,
                          m: rows, n: input, k: output))
      list.append(Product(benchmark: "sgemm-ebm-backward-dB", transposeA: true, transposeB: false,
                          m: input, n: output, k: rows))
    }
    return list
  }

  func run(report: (BenchmarkRecord) -> Void, note: (String) -> Void) {
    var numpy: [String: Double] = [:]
    for threads in Self.threadCounts {
      do {
        let skinny = Self.products.filter { $0.benchmark != "sgemm" }.map {
          (m: $0.m, n: $0.n, k: $0.k, transposeA: $0.transposeA, transposeB: $0.transposeB)
        }
        for record in try NumpyReference.measure(
          sizes: Self.squareSizes, products: skinny, threads: threads)
        {
          numpy["\(record.shape)|\(threads)"] = record.figure("gflops")
          report(record)
        }
      } catch {
        note("numpy reference skipped: \(error)")
        break
      }
    }
    for product in Self.products {
      for threads in Self.threadCounts {
        let gflops = Self.measure(product, threads: threads)
        var figures: [(name: String, value: Double)] = [("gflops", gflops)]
        if let reference = numpy["\(product.shape)|\(threads)"] {
          figures.append(("ratio_to_numpy", gflops / reference))
        }
        report(BenchmarkRecord(benchmark: product.benchmark, shape: product.shape,
                               threads: threads, figures: figures))
      }
    }
  }

  /// Best GFLOP/s of the square SGEMM `size`³ on `threads` threads (the throughput other suites
  /// compare their kernels with).
  static func squareGFLOPS(size: Int, threads: Int) -> Double {
    measure(Product(benchmark: "sgemm", transposeA: false, transposeB: false, m: size, n: size, k: size), threads: threads)
  }

  /// Best GFLOP/s of `product` on `threads` threads, operands filled with values in [-1, 1).
  private static func measure(_ product: Product, threads: Int) -> Double {
    let (m, n, k) = (product.m, product.n, product.k)
    let a = pseudoRandom(count: m * k, seed: 1)
    let b = pseudoRandom(count: k * n, seed: 2)
    var c = [Float](repeating: 0, count: m * n)
    let lda = product.transposeA ? m : k
    let ldb = product.transposeB ? k : n
    let seconds = a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        c.withUnsafeMutableBufferPointer { c in
          Stopwatch.best(budget: 0.3) {
            Gemm.multiply(
              transposeA: product.transposeA, transposeB: product.transposeB, m: m, n: n, k: k,
              a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb,
              c: c.baseAddress!, ldc: n, accumulate: false, threads: threads)
          }
        }
      }
    }
    return 2.0 * Double(m) * Double(n) * Double(k) / seconds * 1e-9
  }

  /// Deterministic values in [-1, 1) (a 64-bit linear congruential generator).
  static func pseudoRandom(count: Int, seed: UInt64) -> [Float] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
    return (0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Float(state >> 40) / Float(1 << 23) - 1
    }
  }
}
