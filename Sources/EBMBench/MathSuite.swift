import Foundation
import Tensors

/// `ebm-bench math`: nanoseconds per element of the ``VectorMath`` functions on one core (and
/// on two), beside scalar libm, with the maximum error in ulps against `Double` Foundation over
/// a dense sweep of all float inputs.
struct MathSuite: BenchmarkSuite {
  let name = "math"
  let summary = "exp, log, log1p, tanh, sigmoid, softplus: ns/element and max ulp error"

  /// One function to measure.
  private struct Function {
    var name: String
    var vector: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int, Int) -> Void
    var scalar: (Float) -> Float
    var reference: (Double) -> Double
    var timingRange: ClosedRange<Float>
  }

  private static var functions: [Function] {
    [
    Function(name: "exp", vector: { VectorMath.exp($0, $1, count: $2, threads: $3) },
             scalar: { Foundation.exp($0) }, reference: { Foundation.exp($0) },
             timingRange: -20...20),
    Function(name: "log", vector: { VectorMath.log($0, $1, count: $2, threads: $3) },
             scalar: { Foundation.log($0) }, reference: { Foundation.log($0) },
             timingRange: 0.001...1000),
    Function(name: "log1p", vector: { VectorMath.log1p($0, $1, count: $2, threads: $3) },
             scalar: { Foundation.log1p($0) }, reference: { Foundation.log1p($0) },
             timingRange: -0.9...100),
    Function(name: "tanh", vector: { VectorMath.tanh($0, $1, count: $2, threads: $3) },
             scalar: { Foundation.tanh($0) }, reference: { Foundation.tanh($0) },
             timingRange: -5...5),
    Function(name: "sigmoid", vector: { VectorMath.sigmoid($0, $1, count: $2, threads: $3) },
             scalar: { 1 / (1 + Foundation.exp(-$0)) },
             reference: { 1 / (1 + Foundation.exp(-$0)) },
             timingRange: -20...20),
    Function(name: "softplus", vector: { VectorMath.softplus($0, $1, count: $2, threads: $3) },
             scalar: { max($0, 0) + Foundation.log1p(Foundation.exp(-abs($0))) },
             reference: { max($0, 0) + Foundation.log1p(Foundation.exp(-abs($0))) },
             timingRange: -20...20),
    ]
  }

  private static let count = 1 << 20

  func run(report: (BenchmarkRecord) -> Void, note: (String) -> Void) {
    let shape = String(Self.count)
    for function in Self.functions {
      let x = Self.inputs(function.timingRange)
      var y = [Float](repeating: 0, count: Self.count)
      let perElement = { (threads: Int) -> Double in
        x.withUnsafeBufferPointer { x in
          y.withUnsafeMutableBufferPointer { y in
            Stopwatch.best(budget: 0.2) {
              function.vector(x.baseAddress!, y.baseAddress!, Self.count, threads)
            }
          }
        } / Double(Self.count) * 1e9
      }
      let oneThread = perElement(1)
      let twoThreads = perElement(2)
      let libm = Stopwatch.best(warmup: 1, minimumRuns: 3, budget: 0.2) {
        y.withUnsafeMutableBufferPointer { y in
          for i in 0..<Self.count { y[i] = function.scalar(x[i]) }
        }
      } / Double(Self.count) * 1e9
      let ulps = AccuracySweep.maxUlpError(
        function: { function.vector($0, $1, $2, 2) }, reference: function.reference)
      report(BenchmarkRecord(
        benchmark: function.name, shape: shape, threads: 1,
        figures: [("ns_per_element", oneThread), ("max_ulp_error", ulps),
                  ("libm_ns_per_element", libm)]))
      report(BenchmarkRecord(
        benchmark: function.name, shape: shape, threads: 2,
        figures: [("ns_per_element", twoThreads)]))
    }
  }

  /// `count` inputs spread over `range` in a scrambled order.
  private static func inputs(_ range: ClosedRange<Float>) -> [Float] {
    let span = range.upperBound - range.lowerBound
    return (0..<count).map { i in
      range.lowerBound + span * Float((i &* 7919) % count) / Float(count)
    }
  }
}
