import Foundation

/// Runs one of the Python reference scripts of `Benchmarks/` and returns the JSON objects it
/// prints (one per line; other lines are skipped), with the venv's python: `$EBM_BENCH_VENV`,
/// else the default venv of `Benchmarks/setup_venv.sh`, else `python3` from the path.
///
/// The one way suites launch a reference script; a failure is a ``ReferenceError`` with one line
/// saying why (script missing, python missing, the script's last error line).
enum ReferenceScript {
  /// The python interpreter the reference scripts run with, or nil for `python3` from the path.
  static var venvPython: String? {
    let environment = ProcessInfo.processInfo.environment
    let venvs = [environment["EBM_BENCH_VENV"], environment["HOME"].map { $0 + "/.cache/swift-ebm-bench-venv" }]
    return venvs.compactMap { $0.map { $0 + "/bin/python" } }
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// Runs `scriptPath` (relative to the package root) with `arguments`; with `threads`, the BLAS
  /// and OpenMP thread variables are set to it.
  static func run(_ scriptPath: String, arguments: [String], threads: Int? = nil) throws -> [[String: Any]] {
    guard let script = NumpyReference.locateScript(scriptPath) else {
      throw ReferenceError("\(scriptPath) not found from the current directory or the executable")
    }
    let python = venvPython
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python ?? "/usr/bin/env")
    process.arguments = (python == nil ? ["python3"] : []) + [script] + arguments
    var environment = ProcessInfo.processInfo.environment
    if let threads {
      for key in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"] {
        environment[key] = String(threads)
      }
    }
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    do {
      try process.run()
    } catch {
      throw ReferenceError("cannot start \(python ?? "python3"): \(error.localizedDescription)")
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let reason = errorText.split(separator: "\n").last.map(String.init) ?? "no message"
      throw ReferenceError("\(scriptPath) exited with \(process.terminationStatus): \(reason)")
    }
    return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
      try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }
  }

}
