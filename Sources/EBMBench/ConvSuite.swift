import Foundation
import Tensors

/// `ebm-bench conv`: ms per forward + backward (input and weight gradients) of the layers of a
/// small CNN, batch 64, 3×3 kernels, padding 1, no bias, through the public `conv2d` and the
/// autodiff, beside PyTorch (eager, CPU, 2 threads) on the same layers measured in the same run
/// by `Benchmarks/conv_reference.py` (`ratio_to_pytorch` = PyTorch's ms / ours: above 1 is faster).
/// Each layer's line also gives the forward, input-gradient and weight-gradient products apart
/// (`*_ms`, `*_gflops` as direct-convolution FLOPs per second) beside the 1024³ SGEMM rate of the
/// same run (`sgemm_1024_gflops`).
///
/// The layers are a table (``layers``); other pooling or convolution lines are added there and in
/// ``run(report:note:)`` as further measurements.
struct ConvSuite: BenchmarkSuite {
  let name = "conv"
  let summary = "ms per conv2d forward + backward, batch 64, 3x3: 3->32 @32, 32->64 @16, 64->128 @8; 2x2 max pooling; vs PyTorch"

  /// One convolution layer to time: batch × channels × size² → outChannels, 3×3, padding 1.
  struct Layer {
    var batch: Int
    var channels: Int
    var size: Int
    var outChannels: Int

    /// As written in records, e.g. `64x32x16x16 k3 -> 64`.
    var shape: String { "\(batch)x\(channels)x\(size)x\(size) k3 -> \(outChannels)" }
    /// As the reference script takes it, e.g. `64x32x16->64`.
    var argument: String { "\(batch)x\(channels)x\(size)->\(outChannels)" }
  }

  static let layers = [
    Layer(batch: 64, channels: 3, size: 32, outChannels: 32),
    Layer(batch: 64, channels: 32, size: 16, outChannels: 64),
    Layer(batch: 64, channels: 64, size: 8, outChannels: 128),
  ]

  static let threads = 2

  /// The max-pooling line: 2 × 2 at stride 2, forward + backward, of `[64, 16, 64, 64]` (the box
  /// energy's first pooling over a training batch of crop pairs).
  static let maxPoolShape = (batch: 64, channels: 16, size: 64)
  static var maxPoolName: String {
    "\(maxPoolShape.batch)x\(maxPoolShape.channels)x\(maxPoolShape.size)x\(maxPoolShape.size) 2x2"
  }

  func run(report: (BenchmarkRecord) -> Void, note: (String) -> Void) {
    var reference: [String: Double] = [:]
    do {
      for record in try Self.pytorch(layers: Self.layers, threads: Self.threads) {
        reference[record.shape] = record.figure("ms")
        report(record)
      }
    } catch {
      note("PyTorch reference skipped: \(error)")
    }
    reportMaxPool(reference: reference[Self.maxPoolName], report: report)
    // The machine's matrix-multiply rate in this run, the yardstick of the per-product GFLOP/s
    // (direct-convolution multiply-adds × 2 / time, so the Winograd path can exceed it).
    let sgemm = GemmSuite.squareGFLOPS(size: 1024, threads: Gemm.defaultThreads)
    for layer in Self.layers {
      var rng = RandomGenerator(seed: 11)
      let bound = 1 / Float(layer.channels * 9).squareRoot()
      let x = Tensor.uniform([layer.batch, layer.channels, layer.size, layer.size], low: -1, high: 1, using: &rng)
      let w = Tensor.uniform([layer.outChannels, layer.channels, 3, 3], low: -bound, high: bound, using: &rng)
      let dy = Tensor.uniform([layer.batch, layer.outChannels, layer.size, layer.size], low: -1, high: 1, using: &rng)
      let seconds = Stopwatch.best(warmup: 2, minimumRuns: 10, budget: 2) {
        let (xLeaf, wLeaf) = (x.requiringGradient(), w.requiringGradient())
        let y = withGradients { xLeaf.conv2d(wLeaf, padding: 1) }
        _ = gradients(of: y, at: [xLeaf, wLeaf], seed: dy)
      }
      // The three products apart: the forward alone, then forward + one adjoint each.
      let forward = Stopwatch.best(warmup: 2, minimumRuns: 10, budget: 1) { _ = x.conv2d(w, padding: 1) }
      let withInputGradient = Stopwatch.best(warmup: 2, minimumRuns: 10, budget: 1) {
        let xLeaf = x.requiringGradient()
        let y = withGradients { xLeaf.conv2d(w, padding: 1) }
        _ = gradients(of: y, at: [xLeaf], seed: dy)
      }
      let withWeightGradient = Stopwatch.best(warmup: 2, minimumRuns: 10, budget: 1) {
        let wLeaf = w.requiringGradient()
        let y = withGradients { x.conv2d(wLeaf, padding: 1) }
        _ = gradients(of: y, at: [wLeaf], seed: dy)
      }
      let ms = seconds * 1000
      var figures: [(name: String, value: Double)] = [("ms", ms)]
      if let theirs = reference[layer.shape] { figures.append(("ratio_to_pytorch", theirs / ms)) }
      let product = 2 * Double(layer.batch * layer.outChannels * layer.size * layer.size * layer.channels * 9)
      figures.append(("gflops", 3 * product / seconds * 1e-9))
      let parts = [
        ("forward", forward), ("input_grad", withInputGradient - forward), ("weight_grad", withWeightGradient - forward),
      ]
      for (name, time) in parts {
        figures.append((name + "_ms", time * 1000))
        figures.append((name + "_gflops", product / time * 1e-9))
      }
      figures.append(("sgemm_1024_gflops", sgemm))
      report(BenchmarkRecord(benchmark: "conv2d", shape: layer.shape, threads: Gemm.defaultThreads, figures: figures))
    }
    PrRoIPoolMeasurement.run(threads: Self.threads, report: report, note: note)
  }

  /// Times ``maxPoolShape``'s max pooling, forward + backward (the gradient routed to the maxima).
  func reportMaxPool(reference: Double?, report: (BenchmarkRecord) -> Void) {
    let (b, c, size) = Self.maxPoolShape
    var rng = RandomGenerator(seed: 12)
    let x = Tensor.uniform([b, c, size, size], low: -1, high: 1, using: &rng)
    let dy = Tensor.uniform([b, c, size / 2, size / 2], low: -1, high: 1, using: &rng)
    let seconds = Stopwatch.best(warmup: 2, minimumRuns: 10, budget: 1) {
      let leaf = x.requiringGradient()
      let y = withGradients { leaf.maxPool2d(kernel: 2) }
      _ = gradients(of: y, at: [leaf], seed: dy)
    }
    var figures: [(name: String, value: Double)] = [("ms", seconds * 1000)]
    if let reference { figures.append(("ratio_to_pytorch", reference / (seconds * 1000))) }
    report(BenchmarkRecord(benchmark: "maxpool2d", shape: Self.maxPoolName, threads: Gemm.defaultThreads, figures: figures))
  }

  /// The PyTorch timings (`pytorch-conv2d` and `pytorch-maxpool2d` records, figure `ms`) from
  /// `Benchmarks/conv_reference.py` (``ReferenceScript``).
  static func pytorch(layers: [Layer], threads: Int) throws -> [BenchmarkRecord] {
    let pool = "\(maxPoolShape.batch)x\(maxPoolShape.channels)x\(maxPoolShape.size)"
    return try ReferenceScript.run(
      "Benchmarks/conv_reference.py",
      arguments: ["--layers", layers.map(\.argument).joined(separator: ","), "--maxpool", pool, "--threads", String(threads)]
    ).compactMap { object in
      guard let shape = object["shape"] as? String, let ms = (object["ms"] as? NSNumber)?.doubleValue,
        let benchmark = object["benchmark"] as? String
      else { return nil }
      return BenchmarkRecord(benchmark: benchmark, shape: shape, threads: threads, figures: [("ms", ms)])
    }
  }
}
