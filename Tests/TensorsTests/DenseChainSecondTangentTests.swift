import Testing

@testable import Tensors

/// The fused second-order tangent (∂out/∂v and ∂²out/∂v², score matching's exact trace) and its
/// fused parameter gradient against the layer-by-layer composition differentiated by autodiff,
/// against reverse mode over the first-order tangent, against finite differences, on the
/// portable path, at 1, 2 and 3 threads, and recorded once more (fourth order).
@Suite struct DenseChainSecondTangentTests {
  /// The chain of ``DenseChainTests`` (tanh, grouped tanh, residual tanh, residual identity,
  /// identity), built from its seed.
  func chain(inputs: Int, groups: Int, seed: UInt64) -> [DenseChainLayer] {
    DenseChainTests().chain(inputs: inputs, groups: groups, seed: seed)
  }

  /// Gradients of Σ probe ⊙ [J·v; D²[v, v]]² with respect to the input and every parameter.
  func secondTangentGradients(
    x: Tensor, layers: [DenseChainLayer], direction: Tensor?, probe: Tensor, fused: Bool, portable: Bool = false,
    threads: Int = Gemm.defaultThreads
  ) -> (both: Tensor, gradients: [Tensor]) {
    let (input, recorded, all) = DenseChainTangentTests().leaves(x, layers)
    let both = withGradients {
      fused
        ? Tensor.denseChainSecondTangent(
          input, layers: recorded, direction: direction, portable: portable, threads: threads)
        : Tensor.composedChainSecondTangent(input, layers: recorded, direction: direction)
    }
    return (both, gradients(of: (both.squared() * probe).sum(), at: all))
  }

  @Test(arguments: [(1, 1, false), (130, 1, false), (1100, 11, false), (1100, 11, true), (2 * 64 * 16 + 5, 1, false)])
  func matchesComposedSecondTangent(rows: Int, groups: Int, portable: Bool) {
    var rng = RandomGenerator(seed: 101)
    let x = Tensor.normal([rows, 2], using: &rng)
    let direction = Tensor.normal([rows, 2], using: &rng)
    let probe = Tensor.normal([2, rows, 3], using: &rng)
    let layers = chain(inputs: 2, groups: groups, seed: 101)
    for v in [Optional(direction), nil] {
      let fused = secondTangentGradients(x: x, layers: layers, direction: v, probe: probe, fused: true, portable: portable)
      let plain = secondTangentGradients(x: x, layers: layers, direction: v, probe: probe, fused: false)
      #expect(fused.both.shape == [2, rows, 3])
      // D²[v, v] is a difference of terms (t − 2 a s²): float32 rounding is relative to the
      // tensor's scale, not to each (possibly cancelled) element.
      let valueScale = plain.both.scalars.map(abs).max() ?? 1
      for (a, b) in zip(fused.both.scalars, plain.both.scalars) {
        #expect(abs(a - b) <= 1e-5 * max(1, valueScale), "tangents \(a) vs \(b)")
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

  /// With one input, D²out[1, 1] = ∂(J·1)/∂x: reverse mode through the first-order tangent
  /// (the taped path of the exact SM trace) gives Σ_o probe_o ∂u_o/∂x, and so does the second
  /// tangent contracted with the probe; the first half is ``Tensor/denseChainTangent(_:layers:direction:)``.
  @Test func secondTangentIsTheDerivativeOfTheTangent() {
    var rng = RandomGenerator(seed: 103)
    let x = Tensor.normal([150, 1], using: &rng)
    let probe = Tensor.normal([150, 3], using: &rng)
    let layers = chain(inputs: 1, groups: 3, seed: 103)
    let both = Tensor.denseChainSecondTangent(x, layers: layers)
    let tangent = Tensor.denseChainTangent(x, layers: layers)
    #expect(both.slice(alongAxis: 0, 0..<1).scalars == tangent.scalars)
    let point = x.requiringGradient()
    let reverse = gradients(of: (Tensor.denseChainTangent(point, layers: layers) * probe).sum(), at: [point])[0]
    let contracted = (both.slice(alongAxis: 0, 1..<2).reshaped([150, 3]) * probe).sum(alongAxis: 1)
    for (a, b) in zip(contracted.scalars, reverse.scalars) { #expect(abs(a - b) <= 1e-5 + 1e-5 * abs(b), "\(a) vs \(b)") }
  }

  /// Central differences of the (float64-checked) tangent along x: D²out = ∂u/∂x.
  @Test func secondTangentMatchesFiniteDifferencesOfTheTangent() {
    var rng = RandomGenerator(seed: 107)
    let x = Tensor.normal([40, 1], using: &rng)
    let layers = chain(inputs: 1, groups: 4, seed: 107)
    let second = Tensor.denseChainSecondTangent(x, layers: layers).slice(alongAxis: 0, 1..<2).reshaped([40, 3])
    let epsilon: Float = 1e-2
    let plus = Tensor.denseChainTangent(x + epsilon, layers: layers)
    let minus = Tensor.denseChainTangent(x - epsilon, layers: layers)
    for (index, value) in second.scalars.enumerated() {
      let difference = (Double(plus.scalars[index]) - Double(minus.scalars[index])) / (2 * Double(epsilon))
      #expect(abs(Double(value) - difference) <= 2e-3 + 2e-3 * abs(difference), "\(value) vs \(difference)")
    }
  }

  /// The parameter and input gradients of the fused op against central differences, on few rows
  /// (the op is already a second derivative, so the step is small).
  @Test func gradientMatchesFiniteDifferences() {
    var rng = RandomGenerator(seed: 109)
    let x = Tensor.normal([20, 2], using: &rng)
    let layers = chain(inputs: 2, groups: 2, seed: 109)
    let probe = Tensor.normal([2, 20, 3], using: &rng)
    let parameters = [x] + layers.flatMap { [$0.weight, $0.bias] }
    let result = GradientChecker.check(at: parameters, epsilon: 3e-3) { t in
      let rebuilt = layers.indices.map { l in
        DenseChainLayer(
          weight: t[1 + 2 * l], bias: t[2 + 2 * l], activation: layers[l].activation, residual: layers[l].residual)
      }
      return (Tensor.denseChainSecondTangent(t[0], layers: rebuilt) * probe).sum()
    }
    #expect(result.passed, "max error \(result.maxAbsoluteError)")
  }

  @Test func sameBitsOnOneTwoAndThreeThreads() {
    var rng = RandomGenerator(seed: 113)
    let rows = 5 * 64 * 16 + 4  // 7 groups of 732 rows
    let x = Tensor.normal([rows, 1], using: &rng)
    let probe = Tensor.normal([2, rows, 3], using: &rng)
    let layers = chain(inputs: 1, groups: 7, seed: 113)
    let one = secondTangentGradients(x: x, layers: layers, direction: nil, probe: probe, fused: true, threads: 1)
    for threads in [2, 3] {
      let many = secondTangentGradients(x: x, layers: layers, direction: nil, probe: probe, fused: true, threads: threads)
      #expect(many.both.scalars == one.both.scalars, "threads \(threads)")
      for (a, b) in zip(many.gradients, one.gradients) { #expect(a.scalars == b.scalars, "threads \(threads)") }
    }
  }

  /// Recorded once more (a gradient of the parameter gradient): the fused op's recorded rule
  /// against the composition's.
  @Test func recordedGradientMatchesComposedSecondTangent() {
    var rng = RandomGenerator(seed: 127)
    let x = Tensor.normal([70, 1], using: &rng)
    let probe = Tensor.normal([2, 70, 3], using: &rng)
    let layers = chain(inputs: 1, groups: 2, seed: 127)
    func fourthOrder(fused: Bool) -> [Tensor] {
      let (point, recorded, all) = DenseChainTangentTests().leaves(x, layers)
      let parameters = Array(all.dropFirst())
      let both = fused
        ? Tensor.denseChainSecondTangent(point, layers: recorded)
        : Tensor.composedChainSecondTangent(point, layers: recorded, direction: nil)
      let inputGradient = gradients(of: (both * probe).sum(), at: [point], createGraph: true)[0]
      return gradients(of: inputGradient.squared().sum(), at: parameters)
    }
    for (a, b) in zip(fourthOrder(fused: true), fourthOrder(fused: false)) {
      let scale = b.scalars.map(abs).max() ?? 1
      for (u, v) in zip(a.scalars, b.scalars) { #expect(abs(u - v) <= 1e-4 * max(1, scale), "\(u) vs \(v)") }
    }
  }
}
