import Foundation
import Testing

@testable import Tensors

/// The fused MLP input-gradient kernel against the same formula composed from ``Gemm`` and
/// ``VectorMath`` (bit for bit), on the portable path (bit for bit), at 1, 2 and 3 threads, and
/// against central finite differences of the energy.
@Suite struct MLPInputGradientTests {
  typealias Activation = MLPInputGradient.Activation

  struct Network {
    var dimension: Int
    var width: Int
    var depth: Int
    var activation: Activation
    var weights: [[Float]]
    var biases: [[Float]]

    init(dimension: Int, width: Int, depth: Int, activation: Activation, seed: UInt64) {
      self.dimension = dimension
      self.width = width
      self.depth = depth
      self.activation = activation
      var rng = RandomGenerator(seed: seed)
      weights = (0...depth).map { l in
        let fanIn = l == 0 ? dimension : width
        let count = l == 0 ? width * dimension : (l == depth ? width : width * width)
        let bound = Float(1 / Double(fanIn).squareRoot())
        return Tensor.uniform([count], low: -2 * bound, high: 2 * bound, using: &rng).scalars
      }
      biases = (0..<depth).map { _ in Tensor.uniform([width], low: -0.5, high: 0.5, using: &rng).scalars }
    }

    var kernel: MLPInputGradient {
      MLPInputGradient(
        dimension: dimension, width: width, depth: depth, activation: activation, weights: weights, biases: biases)
    }

    /// φ(z), φ′(z) elementwise, as the composed path computes them.
    func activate(_ z: [Float]) -> (value: [Float], derivative: [Float]) {
      let n = z.count
      var value = [Float](repeating: 0, count: n)
      var derivative = [Float](repeating: 0, count: n)
      z.withUnsafeBufferPointer { zp in
        value.withUnsafeMutableBufferPointer { vp in
          derivative.withUnsafeMutableBufferPointer { dp in
            let z = zp.baseAddress!, v = vp.baseAddress!, d = dp.baseAddress!
            switch activation {
            case .silu:
              VectorMath.siluWithDerivative(z, value: v, derivative: d, count: n)
            case .softplus:
              VectorMath.softplus(z, v, count: n, threads: 1)
              VectorMath.sigmoid(z, d, count: n, threads: 1)
            case .tanh:
              VectorMath.tanh(z, v, count: n, threads: 1)
              for e in 0..<n { d[e] = 1 - v[e] * v[e] }
            case .relu:
              for e in 0..<n {
                v[e] = z[e].isNaN || z[e] > 0 ? z[e] : 0
                d[e] = z[e].isNaN || z[e] > 0 ? 1 : 0
              }
            }
          }
        }
      }
      return (value, derivative)
    }

    /// ∂E/∂x composed layer by layer: GEMMs onto the bias, vector math, elementwise products.
    func composedGradient(_ x: [Float]) -> [Float] {
      let n = x.count / dimension
      let h = width
      var z = [Float](repeating: 0, count: n * h)
      for i in 0..<n {
        for j in 0..<h {
          var sum = biases[0][j]
          for k in 0..<dimension { sum += x[i * dimension + k] * weights[0][j * dimension + k] }
          z[i * h + j] = sum
        }
      }
      var derivatives: [[Float]] = []
      var (value, derivative) = activate(z)
      derivatives.append(derivative)
      for l in 1..<depth {
        var next = [Float](repeating: 0, count: n * h)
        for i in 0..<n { for j in 0..<h { next[i * h + j] = biases[l][j] } }
        Gemm.multiply(
          transposeA: false, transposeB: true, m: n, n: h, k: h, a: value, lda: h, b: weights[l], ldb: h, c: &next,
          ldc: h, accumulate: true, threads: 1)
        (value, derivative) = activate(next)
        derivatives.append(derivative)
      }
      var g = [Float](repeating: 0, count: n * h)
      for i in 0..<n { for j in 0..<h { g[i * h + j] = weights[depth][j] * derivatives[depth - 1][i * h + j] } }
      for l in stride(from: depth - 1, through: 1, by: -1) {
        var previous = [Float](repeating: 0, count: n * h)
        Gemm.multiply(
          transposeA: false, transposeB: false, m: n, n: h, k: h, a: g, lda: h, b: weights[l], ldb: h, c: &previous,
          ldc: h, accumulate: false, threads: 1)
        for e in 0..<(n * h) { previous[e] *= derivatives[l - 1][e] }
        g = previous
      }
      var result = [Float](repeating: 0, count: n * dimension)
      for i in 0..<n {
        for k in 0..<dimension {
          var sum: Float = 0
          for j in 0..<h { sum += g[i * h + j] * weights[0][j * dimension + k] }
          result[i * dimension + k] = sum
        }
      }
      return result
    }

    /// E(x) up to the output bias, in Double (for finite differences).
    func energy(_ x: [Double]) -> Double {
      func phi(_ z: Double) -> Double {
        switch activation {
        case .silu: z / (1 + Foundation.exp(-z))
        case .softplus: Swift.max(z, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(z)))
        case .tanh: Foundation.tanh(z)
        case .relu: Swift.max(z, 0)
        }
      }
      var h = (0..<width).map { j in
        phi(Double(biases[0][j]) + (0..<dimension).reduce(0.0) { $0 + x[$1] * Double(weights[0][j * dimension + $1]) })
      }
      for l in 1..<depth {
        h = (0..<width).map { j in
          phi(Double(biases[l][j]) + (0..<width).reduce(0.0) { $0 + h[$1] * Double(weights[l][j * width + $1]) })
        }
      }
      return (0..<width).reduce(0.0) { $0 + h[$1] * Double(weights[depth][$1]) }
    }
  }

  static let shapes: [(dimension: Int, width: Int, depth: Int)] = [
    (2, 128, 3), (3, 20, 2), (1, 5, 1), (2, 40, 4),
  ]

  @Test(arguments: [Activation.silu, .softplus, .tanh, .relu])
  func equalsTheComposedPathBitForBit(activation: Activation) {
    for (index, shape) in Self.shapes.enumerated() {
      let network = Network(
        dimension: shape.dimension, width: shape.width, depth: shape.depth, activation: activation,
        seed: UInt64(10 + index))
      var rng = RandomGenerator(seed: UInt64(100 + index))
      // 307 rows: three full blocks of 96 and a ragged one.
      let x = Tensor.uniform([307 * shape.dimension], low: -3, high: 3, using: &rng).scalars
      let reference = network.composedGradient(x)
      let kernel = network.kernel
      for threads in [1, 2, 3] {
        #expect(kernel(x, threads: threads) == reference, "\(activation) \(shape) threads \(threads)")
      }
      #expect(kernel(x, threads: 1, portable: true) == reference, "\(activation) \(shape) portable")
    }
  }

  @Test(arguments: [Activation.silu, .softplus, .tanh])
  func matchesFiniteDifferences(activation: Activation) {
    let network = Network(dimension: 3, width: 24, depth: 3, activation: activation, seed: 5)
    var rng = RandomGenerator(seed: 6)
    let x = Tensor.uniform([7 * 3], low: -2, high: 2, using: &rng).scalars
    let gradient = network.kernel(x, threads: 1)
    let step = 1e-5
    for row in 0..<7 {
      for k in 0..<3 {
        var plus = (0..<3).map { Double(x[row * 3 + $0]) }
        var minus = plus
        plus[k] += step
        minus[k] -= step
        let difference = (network.energy(plus) - network.energy(minus)) / (2 * step)
        let error = Swift.abs(Double(gradient[row * 3 + k]) - difference)
        #expect(error <= 1e-4 * Swift.max(1, Swift.abs(difference)), "\(activation) row \(row) k \(k): \(error)")
      }
    }
  }

  @Test func emptyInputGivesEmptyGradient() {
    let network = Network(dimension: 2, width: 16, depth: 2, activation: .silu, seed: 1)
    #expect(network.kernel([], threads: 2).isEmpty)
  }
}
