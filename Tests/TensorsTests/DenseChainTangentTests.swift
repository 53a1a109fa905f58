import Testing

@testable import Tensors

/// The fused tangent's gradient (the reverse pass through the forward-mode tangent that score
/// matching trains with) against the tangent composed layer by layer and differentiated by
/// autodiff, against finite differences, on the portable path, at 1, 2 and 3 threads, and
/// recorded once more (third order, the exact SM trace).
@Suite struct DenseChainTangentTests {
  /// The chain of ``DenseChainTests`` (tanh, grouped tanh, residual tanh, residual identity,
  /// identity), built from its seed.
  func chain(inputs: Int, groups: Int, seed: UInt64) -> [DenseChainLayer] {
    DenseChainTests().chain(inputs: inputs, groups: groups, seed: seed)
  }

  /// Leaves for the input and every weight and bias, and the layers built on them.
  func leaves(_ x: Tensor, _ layers: [DenseChainLayer]) -> (Tensor, [DenseChainLayer], [Tensor]) {
    let input = x.requiringGradient()
    let recorded = layers.map {
      DenseChainLayer(
        weight: $0.weight.requiringGradient(), bias: $0.bias.requiringGradient(), activation: $0.activation,
        residual: $0.residual)
    }
    return (input, recorded, [input] + recorded.flatMap { [$0.weight, $0.bias] })
  }

  /// Gradients of Σ probe ⊙ (J·v)² with respect to the input and every parameter.
  func tangentGradients(
    x: Tensor, layers: [DenseChainLayer], direction: Tensor?, probe: Tensor, fused: Bool, portable: Bool = false,
    threads: Int = Gemm.defaultThreads
  ) -> (tangent: Tensor, gradients: [Tensor]) {
    let (input, recorded, all) = leaves(x, layers)
    let tangent = withGradients {
      fused
        ? Tensor.denseChainTangent(input, layers: recorded, direction: direction, portable: portable, threads: threads)
        : Tensor.composedChainTangent(input, layers: recorded, direction: direction)
    }
    return (tangent, gradients(of: (tangent.squared() * probe).sum(), at: all))
  }

  @Test(arguments: [(1, 1, false), (130, 1, false), (1100, 11, false), (1100, 11, true), (2 * 64 * 16 + 5, 1, false)])
  func gradientMatchesComposedTangent(rows: Int, groups: Int, portable: Bool) {
    var rng = RandomGenerator(seed: 71)
    let x = Tensor.normal([rows, 2], using: &rng)
    let direction = Tensor.normal([rows, 2], using: &rng)
    let probe = Tensor.normal([rows, 3], using: &rng)
    let layers = chain(inputs: 2, groups: groups, seed: 71)
    for v in [Optional(direction), nil] {
      let fused = tangentGradients(x: x, layers: layers, direction: v, probe: probe, fused: true, portable: portable)
      let plain = tangentGradients(x: x, layers: layers, direction: v, probe: probe, fused: false)
      for (a, b) in zip(fused.tangent.scalars, plain.tangent.scalars) {
        #expect(abs(a - b) <= 1e-5 + 1e-5 * abs(b), "tangent \(a) vs \(b)")
      }
      for (index, (a, b)) in zip(fused.gradients, plain.gradients).enumerated() {
        #expect(a.shape == b.shape)
        let scale = b.scalars.map(abs).max() ?? 1
        for (u, w) in zip(a.scalars, b.scalars) {
          #expect(abs(u - w) <= 3e-5 * max(1, scale), "gradient \(index) (0 = input): \(u) vs \(w), rows \(rows)")
        }
      }
    }
  }

  /// The tangent is already a derivative, so its central differences carry the chain's third
  /// derivative in their O(ε²) error: a smaller step than first-order checks use (1e-2 is
  /// off by ~1.5% here), on few rows so that float32 rounding of the sum stays below the
  /// checker's tolerance.
  @Test func gradientMatchesFiniteDifferences() {
    var rng = RandomGenerator(seed: 73)
    let x = Tensor.normal([20, 2], using: &rng)
    let layers = chain(inputs: 2, groups: 2, seed: 73)
    let probe = Tensor.normal([20, 3], using: &rng)
    let parameters = [x] + layers.flatMap { [$0.weight, $0.bias] }
    let result = GradientChecker.check(at: parameters, epsilon: 3e-3) { t in
      let rebuilt = layers.indices.map { l in
        DenseChainLayer(
          weight: t[1 + 2 * l], bias: t[2 + 2 * l], activation: layers[l].activation, residual: layers[l].residual)
      }
      return (Tensor.denseChainTangent(t[0], layers: rebuilt) * probe).sum()
    }
    #expect(result.passed, "max error \(result.maxAbsoluteError)")
  }

  @Test func gradientIsTheSameOnOneTwoAndThreeThreads() {
    var rng = RandomGenerator(seed: 79)
    let rows = 5 * 64 * 16 + 4  // 7 groups of 732 rows
    let x = Tensor.normal([rows, 1], using: &rng)
    let probe = Tensor.normal([rows, 3], using: &rng)
    let layers = chain(inputs: 1, groups: 7, seed: 79)
    let one = tangentGradients(x: x, layers: layers, direction: nil, probe: probe, fused: true, threads: 1)
    for threads in [2, 3] {
      let many = tangentGradients(x: x, layers: layers, direction: nil, probe: probe, fused: true, threads: threads)
      #expect(many.tangent.scalars == one.tangent.scalars, "threads \(threads)")
      for (a, b) in zip(many.gradients, one.gradients) { #expect(a.scalars == b.scalars, "threads \(threads)") }
    }
  }

  /// Third order, as the exact score-matching trace uses it: ∂(J·1)/∂x recorded, then the
  /// parameter gradient of its sum, from the fused tangent and from the composed one.
  @Test func recordedGradientMatchesComposedTangent() {
    var rng = RandomGenerator(seed: 83)
    let x = Tensor.normal([90, 1], using: &rng)
    let layers = chain(inputs: 1, groups: 3, seed: 83)
    func thirdOrder(fused: Bool) -> [Tensor] {
      let (point, recorded, all) = leaves(x, layers)
      let parameters = Array(all.dropFirst())
      let tangent = fused
        ? Tensor.denseChainTangent(point, layers: recorded)
        : Tensor.composedChainTangent(point, layers: recorded, direction: nil)
      let second = gradients(of: tangent.sum(), at: [point], createGraph: true)[0]
      return gradients(of: (second + tangent.squared().sum(alongAxis: 1).reshaped([90, 1])).sum(), at: parameters)
    }
    for (a, b) in zip(thirdOrder(fused: true), thirdOrder(fused: false)) {
      let scale = b.scalars.map(abs).max() ?? 1
      for (u, v) in zip(a.scalars, b.scalars) { #expect(abs(u - v) <= 1e-4 * max(1, scale), "\(u) vs \(v)") }
    }
  }
}
