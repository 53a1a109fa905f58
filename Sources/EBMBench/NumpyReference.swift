import Foundation

/// Runs `Benchmarks/numpy_gemm.py` (numpy's float32 matmul, through ``ReferenceScript``) as the
/// reference SGEMM figure.
enum NumpyReference {
  /// The reference script's path relative to the package root.
  static let scriptPath = "Benchmarks/numpy_gemm.py"

  /// A product `C[m×n] = op(A)·op(B)` for numpy to time; a transposed operand is stored transposed.
  typealias Product = (m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool)

  /// numpy's GFLOP/s for square `sizes` and for `products` on `threads` threads, as records
  /// labelled `numpy-sgemm` whose shapes are written as ``GemmSuite`` writes them; throws a
  /// one-line description when python3, numpy or the script is missing.
  static func measure(sizes: [Int], products: [Product] = [], threads: Int) throws -> [BenchmarkRecord] {
    var arguments = ["--sizes", sizes.map(String.init).joined(separator: ","), "--threads", String(threads)]
    if !products.isEmpty {
      let specs = products.map { p in
        [p.m, p.n, p.k, p.transposeA ? 1 : 0, p.transposeB ? 1 : 0].map(String.init)
          .joined(separator: ",")
      }
      arguments += ["--products", specs.joined(separator: ";")]
    }
    var records: [BenchmarkRecord] = []
    for object in try ReferenceScript.run(scriptPath, arguments: arguments, threads: threads) {
      guard let shape = object["shape"] as? String,
        let gflops = (object["gflops"] as? NSNumber)?.doubleValue
      else { continue }
      records.append(
        BenchmarkRecord(
          benchmark: "numpy-sgemm", shape: shape, threads: threads,
          figures: [("gflops", gflops)]))
    }
    return records
  }

  /// Looks for a script (by default numpy's) under the current directory and the executable's
  /// directory and their parents (`swift run` starts at the package root; the binary lives in
  /// `.build/<config>/`).
  static func locateScript(_ scriptPath: String = scriptPath) -> String? {
    let fileManager = FileManager.default
    var starts = [fileManager.currentDirectoryPath]
    if let executable = Bundle.main.executableURL?.deletingLastPathComponent().path {
      starts.append(executable)
    }
    for start in starts {
      var directory = URL(fileURLWithPath: start)
      for _ in 0..<6 {
        let candidate = directory.appendingPathComponent(scriptPath).path
        if fileManager.fileExists(atPath: candidate) { return candidate }
        directory.deleteLastPathComponent()
      }
    }
    return nil
  }
}
