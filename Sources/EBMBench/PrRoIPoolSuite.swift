import Foundation
import Tensors

/// `ebm-bench prroi`: PrRoI pooling of 128 boxes from a `[1, 64, 32, 32]` feature map (a stride-8
/// map of a 256 × 256 image) into 7 × 7 bins: the forward pass alone, and forward + backward
/// with respect to the features and the boxes (what box refinement runs each step).
/// `Benchmarks/prroi_reference.py` times torchvision's `roi_align` (sampling ratio 2, features
/// only) and the same closed form written in PyTorch on the same boxes, and prints the ratios.
struct PrRoIPoolSuite: BenchmarkSuite {
  let name = "prroi"
  let summary = "PrRoI pooling: 128 boxes from a [1, 64, 32, 32] map into 7x7 bins, forward and forward+backward"

  static let boxCount = 128
  static let pooled = 7
  static let spatialScale: Float = 1.0 / 8

  /// Box k of the benchmark, in image pixels: a formula (not a generator) so that the Python
  /// reference builds the same boxes. Centres spread over the image, sides 40–140 px.
  static func box(_ k: Int) -> [Float] {
    let t = Double(k)
    let (cx, cy) = (128 + 80 * sin(1.3 * t), 128 + 80 * cos(0.7 * t))
    let (w, h) = (40 + 100 * (0.5 + 0.5 * sin(2.1 * t)), 40 + 100 * (0.5 + 0.5 * cos(1.7 * t)))
    return [0, Float(cx - w / 2), Float(cy - h / 2), Float(cx + w / 2), Float(cy + h / 2)]
  }

  func run(report: (BenchmarkRecord) -> Void, note: (String) -> Void) {
    var rng = RandomGenerator(seed: 0)
    let features = Tensor.normal([1, 64, 32, 32], using: &rng)
    let boxes = Tensor(shape: [Self.boxCount, 5], scalars: (0..<Self.boxCount).flatMap(Self.box))
    let upstream = Tensor.normal([Self.boxCount, 64, Self.pooled, Self.pooled], using: &rng)
    let shape = "\(Self.boxCount) boxes 1x64x32x32 -> \(Self.pooled)x\(Self.pooled)"
    let forward = Stopwatch.best(warmup: 2, minimumRuns: 10, budget: 1) {
      _ = withoutGradients {
        Tensor.prRoIPool(
          features, boxes: boxes, pooledHeight: Self.pooled, pooledWidth: Self.pooled, spatialScale: Self.spatialScale)
      }
    }
    let both = Stopwatch.best(warmup: 2, minimumRuns: 10, budget: 1) {
      let f = features.requiringGradient()
      let b = boxes.requiringGradient()
      let out = Tensor.prRoIPool(
        f, boxes: b, pooledHeight: Self.pooled, pooledWidth: Self.pooled, spatialScale: Self.spatialScale)
      _ = gradients(of: out, at: [f, b], seed: upstream)
    }
    report(BenchmarkRecord(
      benchmark: "prroi", shape: shape, threads: Gemm.defaultThreads,
      figures: [("ms", both * 1000), ("forward_ms", forward * 1000)]))
    note("ms: forward + backward (features and boxes); compare with Benchmarks/prroi_reference.py")
  }
}
