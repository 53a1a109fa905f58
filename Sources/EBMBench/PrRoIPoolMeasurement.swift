import Foundation
import Tensors

/// The `prroi` line of `ebm-bench conv`: PrRoI pooling of 128 boxes from a `[1, 64, 32, 32]`
/// feature map (a stride-8 map of a 256 × 256 image) into 7 × 7 bins, forward + backward with
/// respect to the features and the boxes (what box refinement runs each step), and the forward
/// pass alone. `Benchmarks/prroi_reference.py`, run in the same call, times torchvision's
/// `roi_align` (sampling ratio 2; gradient to the features only; PyTorch has no PrRoI pooling and
/// the reference implementation is CUDA-only) and the same closed form written in PyTorch.
enum PrRoIPoolMeasurement {
  static let boxCount = 128
  static let pooled = 7
  static let spatialScale: Float = 1.0 / 8
  static var shape: String { "\(boxCount) boxes 1x64x32x32 -> \(pooled)x\(pooled)" }

  /// Box k of the benchmark, in image pixels: a formula (not a generator) so that the Python
  /// reference builds the same boxes. Centres spread over the image, sides 40–140 px.
  static func box(_ k: Int) -> [Float] {
    let t = Double(k)
    let (cx, cy) = (128 + 80 * sin(1.3 * t), 128 + 80 * cos(0.7 * t))
    let (w, h) = (40 + 100 * (0.5 + 0.5 * sin(2.1 * t)), 40 + 100 * (0.5 + 0.5 * cos(1.7 * t)))
    return [0, Float(cx - w / 2), Float(cy - h / 2), Float(cx + w / 2), Float(cy + h / 2)]
  }

  static func run(threads: Int, report: (BenchmarkRecord) -> Void, note: (String) -> Void) {
    var roiAlignMilliseconds: Double? = nil
    do {
      for record in try reference(threads: threads) {
        if record.benchmark == "torchvision-roi_align" { roiAlignMilliseconds = record.figure("ms") }
        report(record)
      }
    } catch {
      note("PrRoI reference skipped: \(error)")
    }
    var rng = RandomGenerator(seed: 0)
    let features = Tensor.normal([1, 64, 32, 32], using: &rng)
    let boxes = Tensor(shape: [boxCount, 5], scalars: (0..<boxCount).flatMap(box))
    let upstream = Tensor.normal([boxCount, 64, pooled, pooled], using: &rng)
    let forward = Stopwatch.best(warmup: 2, minimumRuns: 10, budget: 1) {
      _ = withoutGradients {
        Tensor.prRoIPool(features, boxes: boxes, pooledHeight: pooled, pooledWidth: pooled, spatialScale: spatialScale)
      }
    }
    let both = Stopwatch.best(warmup: 2, minimumRuns: 10, budget: 1) {
      let f = features.requiringGradient()
      let b = boxes.requiringGradient()
      let out = withGradients {
        Tensor.prRoIPool(f, boxes: b, pooledHeight: pooled, pooledWidth: pooled, spatialScale: spatialScale)
      }
      _ = gradients(of: out, at: [f, b], seed: upstream)
    }
    var figures: [(name: String, value: Double)] = [("ms", both * 1000), ("forward_ms", forward * 1000)]
    if let roiAlignMilliseconds { figures.append(("ratio_to_roi_align", roiAlignMilliseconds / (both * 1000))) }
    report(BenchmarkRecord(benchmark: "prroi", shape: shape, threads: Gemm.defaultThreads, figures: figures))
  }

  /// The reference records (`torchvision-roi_align`, `pytorch-prroi`; figures `ms`, `forward_ms`)
  /// from the venv's python (`$EBM_BENCH_VENV`, else the default venv of
  /// `Benchmarks/setup_venv.sh`, else `python3`).
  static func reference(threads: Int) throws -> [BenchmarkRecord] {
    let scriptPath = "Benchmarks/prroi_reference.py"
    guard let script = NumpyReference.locateScript(scriptPath) else {
      throw ReferenceError("\(scriptPath) not found from the current directory or the executable")
    }
    let environment = ProcessInfo.processInfo.environment
    let venvs = [environment["EBM_BENCH_VENV"], environment["HOME"].map { $0 + "/.cache/swift-ebm-bench-venv" }]
    let python = venvs.compactMap { $0.map { $0 + "/bin/python" } }
      .first { FileManager.default.isExecutableFile(atPath: $0) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python ?? "/usr/bin/env")
    process.arguments = (python == nil ? ["python3"] : []) + [script, "--threads", String(threads)]
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
    var records: [BenchmarkRecord] = []
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let framework = object["framework"] as? String,
        let ms = (object["ms"] as? NSNumber)?.doubleValue,
        let forward = (object["forward_ms"] as? NSNumber)?.doubleValue
      else { continue }
      records.append(
        BenchmarkRecord(
          benchmark: framework, shape: shape, threads: threads, figures: [("ms", ms), ("forward_ms", forward)]))
    }
    return records
  }
}
