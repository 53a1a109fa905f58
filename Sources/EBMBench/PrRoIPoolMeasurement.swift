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
  /// from `Benchmarks/prroi_reference.py` (``ReferenceScript``).
  static func reference(threads: Int) throws -> [BenchmarkRecord] {
    try ReferenceScript.run("Benchmarks/prroi_reference.py", arguments: ["--threads", String(threads)]).compactMap {
      object in
      guard let framework = object["framework"] as? String,
        let ms = (object["ms"] as? NSNumber)?.doubleValue,
        let forward = (object["forward_ms"] as? NSNumber)?.doubleValue
      else { return nil }
      return BenchmarkRecord(
        benchmark: framework, shape: shape, threads: threads, figures: [("ms", ms), ("forward_ms", forward)])
    }
  }
}
