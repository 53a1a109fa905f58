import CTensorKernels
import Foundation
import Testing

@testable import Tensors

/// Error of `y` against the exact `reference`, in ulps of the nearest `Float`; NaN for NaN and
/// equal values count 0, an infinite `y` counts as 2¹²⁸ (overflow at the edge of the range).
private func ulpError(_ y: Float, _ reference: Double) -> Double {
  if y.isNaN || reference.isNaN { return y.isNaN && reference.isNaN ? 0 : .infinity }
  if y == Float(reference) { return 0 }
  if reference.isInfinite { return .infinity }
  let value = y.isInfinite ? (y < 0 ? -0x1p128 : 0x1p128) : Double(y)
  let exponent = reference == 0 ? -126 : max(Int(reference.exponent), -126)
  return abs(value - reference) / Double(sign: .plus, exponent: exponent - 23, significand: 1)
}

/// Checks ``VectorMath`` (and the portable libm fallback) against `Double` Foundation over a
/// dense sweep of all float bit patterns, on special values, and for thread-count independence.
@Suite struct VectorMathTests {
  typealias Kernel = (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void

  struct Function: Sendable, CustomTestStringConvertible {
    var name: String
    var reference: @Sendable (Double) -> Double
    var testDescription: String { name }

    var vector: Kernel {
      switch name {
      case "exp": return { VectorMath.exp($0, $1, count: $2) }
      case "log": return { VectorMath.log($0, $1, count: $2) }
      case "log1p": return { VectorMath.log1p($0, $1, count: $2) }
      case "tanh": return { VectorMath.tanh($0, $1, count: $2) }
      case "sigmoid": return { VectorMath.sigmoid($0, $1, count: $2) }
      default: return { VectorMath.softplus($0, $1, count: $2) }
      }
    }

    var portable: Kernel {
      switch name {
      case "exp": return { ebm_vexp_portable($0, $1, $2) }
      case "log": return { ebm_vlog_portable($0, $1, $2) }
      case "log1p": return { ebm_vlog1p_portable($0, $1, $2) }
      case "tanh": return { ebm_vtanh_portable($0, $1, $2) }
      case "sigmoid": return { ebm_vsigmoid_portable($0, $1, $2) }
      default: return { ebm_vsoftplus_portable($0, $1, $2) }
      }
    }
  }

  static let functions: [Function] = [
    Function(name: "exp", reference: { Foundation.exp($0) }),
    Function(name: "log", reference: { Foundation.log($0) }),
    Function(name: "log1p", reference: { Foundation.log1p($0) }),
    Function(name: "tanh", reference: { Foundation.tanh($0) }),
    Function(name: "sigmoid", reference: { 1 / (1 + Foundation.exp(-$0)) }),
    Function(name: "softplus", reference: { max($0, 0) + Foundation.log1p(Foundation.exp(-abs($0))) }),
  ]

  /// Every 100 003rd bit pattern (all signs, denormals, infinities and NaNs), plus values that
  /// matter: zeros, the smallest denormal and normal, around 1, huge, and the overflow edges.
  static let sweep: [Float] = {
    var values: [Float] = []
    var pattern: UInt64 = 0
    while pattern < (1 << 32) {
      values.append(Float(bitPattern: UInt32(pattern)))
      pattern += 100_003
    }
    values += [0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
               -.leastNormalMagnitude, 1, -1, 1e-8, -1e-8, 0.625, -0.625, 88.72, 88.73, -87.3,
               -103.9, -104.5, 9, 10, -9.5, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
               .infinity, -.infinity, .nan, Float(1).nextUp, Float(1).nextDown, -0.99999994, -0.5, 2]
    return values
  }()

  static func maxUlps(_ kernel: Kernel, _ reference: (Double) -> Double) -> (Double, Float) {
    let x = sweep
    var y = [Float](repeating: 0, count: x.count)
    x.withUnsafeBufferPointer { xp in
      y.withUnsafeMutableBufferPointer { yp in kernel(xp.baseAddress!, yp.baseAddress!, x.count) }
    }
    var worst = (0.0, Float(0))
    for i in x.indices {
      let error = ulpError(y[i], reference(Double(x[i])))
      if error > worst.0 { worst = (error, x[i]) }
    }
    return worst
  }

  @Test(arguments: functions)
  func vectorisedErrorIsAFewUlps(function: Function) {
    let (ulps, at) = Self.maxUlps(function.vector, function.reference)
    // Measured on AVX2: exp 1.0, log 0.8, log1p 1.4, tanh 1.3, sigmoid 2.3, softplus 1.9.
    #expect(ulps <= 3, "\(function.name): \(ulps) ulps at \(at)")
  }

  @Test(arguments: functions)
  func portableErrorIsAFewUlps(function: Function) {
    let (ulps, at) = Self.maxUlps(function.portable, function.reference)
    #expect(ulps <= 4, "\(function.name) (portable): \(ulps) ulps at \(at)")
  }

  @Test func specialValues() {
    let inf = Float.infinity
    #expect(VectorMath.exp([100, 89, -104, -200, -inf, inf, 0]) == [inf, inf, 0, 0, 0, inf, 1])
    #expect(VectorMath.exp([.nan])[0].isNaN)
    #expect(VectorMath.exp([-100])[0] > 0)  // denormal result, not flushed to 0
    #expect(VectorMath.log([0, -0.0, inf, 1])[0...3] == [-inf, -inf, inf, 0])
    #expect(VectorMath.log([-1, -inf, .nan]).allSatisfy { $0.isNaN })
    #expect(VectorMath.log([.leastNonzeroMagnitude])[0] == Float(Foundation.log(Double(Float.leastNonzeroMagnitude))))
    #expect(VectorMath.log1p([-1, inf, 0])[0...2] == [-inf, inf, 0])
    #expect(VectorMath.log1p([-2, .nan]).allSatisfy { $0.isNaN })
    let tiny: Float = 1e-10
    #expect(VectorMath.log1p([tiny, -tiny]) == [tiny, -tiny])
    #expect(VectorMath.log1p([-0.0])[0].sign == .minus)
    #expect(VectorMath.tanh([10, 20, 1e30, inf, -10, -inf]) == [1, 1, 1, 1, -1, -1])
    #expect(VectorMath.tanh([tiny, -tiny]) == [tiny, -tiny])
    #expect(VectorMath.tanh([-0.0])[0].sign == .minus)
    #expect(VectorMath.tanh([.nan])[0].isNaN)
    #expect(VectorMath.sigmoid([100, inf, -200, -inf, 0]) == [1, 1, 0, 0, 0.5])
    #expect(VectorMath.sigmoid([-100])[0] > 0)  // e^-100, a denormal
    #expect(VectorMath.sigmoid([.nan])[0].isNaN)
    #expect(VectorMath.softplus([50, 1e30, inf, -inf, -200]) == [50, 1e30, inf, 0, 0])
    #expect(VectorMath.softplus([-50])[0] == Float(Foundation.exp(-50.0)))
    #expect(VectorMath.softplus([.nan])[0].isNaN)
  }

  @Test func everyLengthAndTailAgree() {
    // Lengths around the 8- and 16-element vector widths (and softplus's 64-element blocks):
    // the tail gives the same values.
    let base = (0..<150).map { Float($0) * 0.37 - 27 }
    for function in [VectorMath.tanh as ([Float]) -> [Float], VectorMath.softplus] {
      let full = function(base)
      for count in 0...150 {
        #expect(function(Array(base[0..<count])) == Array(full[0..<count]))
      }
      // Starting mid-block gives the same values too.
      #expect(function(Array(base[5...])) == Array(full[5...]))
    }
  }

  @Test func resultDoesNotDependOnThreadCount() {
    let count = (1 << 17) + 5
    let x = (0..<count).map { Float(($0 &* 7919) % count) / Float(count) * 60 - 30 }
    let kernels: [(UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int, Int) -> Void] = [
      { VectorMath.exp($0, $1, count: $2, threads: $3) },
      { VectorMath.tanh($0, $1, count: $2, threads: $3) },
      { VectorMath.softplus($0, $1, count: $2, threads: $3) },
    ]
    for kernel in kernels {
      var results: [[Float]] = []
      for threads in [1, 2, 3] {
        var y = [Float](repeating: 0, count: count)
        x.withUnsafeBufferPointer { xp in
          y.withUnsafeMutableBufferPointer { yp in kernel(xp.baseAddress!, yp.baseAddress!, count, threads) }
        }
        results.append(y)
      }
      #expect(results[0] == results[1] && results[0] == results[2])
    }
  }

  @Test func inPlace() {
    var x: [Float] = [0, 1, 2, -3]
    x.withUnsafeMutableBufferPointer { p in
      VectorMath.exp(UnsafePointer(p.baseAddress!), p.baseAddress!, count: p.count)
    }
    #expect(x == VectorMath.exp([0, 1, 2, -3]))
    var z = (0..<100).map { Float($0) * 0.5 - 20 }
    let expected = VectorMath.softplus(z)
    z.withUnsafeMutableBufferPointer { p in
      VectorMath.softplus(UnsafePointer(p.baseAddress!), p.baseAddress!, count: p.count)
    }
    #expect(z == expected)
  }
}
