import Foundation

/// Runs `Benchmarks/numpy_gemm.py` (numpy's float32 matmul) as the reference SGEMM figure.
enum NumpyReference {
  /// The reference script's path relative to the package root.
  static let scriptPath = "Benchmarks/numpy_gemm.py"

  /// A product `C[m×n] = op(A)·op(B)` for numpy to time; a transposed operand is stored transposed.
  typealias Product = (m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool)

  /// numpy's GFLOP/s for square `sizes` and for `products` on `threads` threads, as records
  /// labelled `numpy-sgemm` whose shapes are written as ``GemmSuite`` writes them; throws a
  /// one-line description when python3, numpy or the script is missing.
  static func measure(sizes: [Int], products: [Product] = [], threads: Int) throws -> [BenchmarkRecord] {
    guard let script = locateScript() else {
      throw ReferenceError("\(scriptPath) not found from the current directory or the executable")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", script, "--sizes", sizes.map(String.init).joined(separator: ","),
      "--threads", String(threads),
    ]
    if !products.isEmpty {
      let specs = products.map { p in
        [p.m, p.n, p.k, p.transposeA ? 1 : 0, p.transposeB ? 1 : 0].map(String.init)
          .joined(separator: ",")
      }
      process.arguments! += ["--products", specs.joined(separator: ";")]
    }
    var environment = ProcessInfo.processInfo.environment
    for key in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"] {
      environment[key] = String(threads)
    }
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    do {
      try process.run()
    } catch {
      throw ReferenceError("cannot start python3: \(error.localizedDescription)")
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let reason = errorText.split(separator: "\n").last.map(String.init) ?? "no message"
      throw ReferenceError("python3 \(scriptPath) exited with \(process.terminationStatus): \(reason)")
    }
    var records: [BenchmarkRecord] = []
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let shape = object["shape"] as? String,
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
