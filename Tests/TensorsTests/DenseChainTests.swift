import Testing

@testable import Tensors

/// The fused dense chain against the same layers composed one by one, and against finite
/// differences: values, gradients of every parameter and of the input, grouped biases,
/// residual and identity layers, row counts that are not whole tiles, the portable path,
/// thread counts, and the recorded (second-order) gradient.
@Suite struct DenseChainTests {
  /// A chain shaped like ToyNet's candidate pass, with widths that are not multiples of 8:
  /// in → 7 tanh, 7 → 7 tanh with a per-group bias, 7 → 7 tanh residual, 7 → 7 identity
  /// residual, 7 → 3 identity.
  func chain(inputs: Int, groups: Int, seed: UInt64) -> [DenseChainLayer] {
    var rng = RandomGenerator(seed: seed)
    let width = 7
    func layer(_ inp: Int, _ out: Int, grouped: Bool = false, _ activation: DenseChainLayer.Activation, residual: Bool = false)
      -> DenseChainLayer
    {
      let weight = Tensor.normal([out, inp], std: 0.6, using: &rng)
      let bias = grouped ? Tensor.normal([groups, out], std: 0.5, using: &rng) : Tensor.normal([out], std: 0.5, using: &rng)
      return DenseChainLayer(weight: weight, bias: bias, activation: activation, residual: residual)
    }
    return [
      layer(inputs, width, .tanh),
      layer(width, width, grouped: true, .tanh),
      layer(width, width, .tanh, residual: true),
      layer(width, width, .identity, residual: true),
      layer(width, 3, .identity),
    ]
  }

  /// Runs fused and composed chains on the same leaves and compares values and the gradients
  /// of `Σ probe ⊙ output` with respect to the input and every weight and bias.
  func compare(rows: Int, groups: Int, portable: Bool, threads: Int = Gemm.defaultThreads, seed: UInt64) {
    var rng = RandomGenerator(seed: seed &+ 1000)
    let x = Tensor.normal([rows, 2], using: &rng)
    let layers = chain(inputs: 2, groups: groups, seed: seed)
    let probe = Tensor.normal([rows, 3], using: &rng)
    func leaves() -> (Tensor, [DenseChainLayer], [Tensor]) {
      let input = x.requiringGradient()
      let recorded = layers.map {
        DenseChainLayer(
          weight: $0.weight.requiringGradient(), bias: $0.bias.requiringGradient(), activation: $0.activation,
          residual: $0.residual)
      }
      return (input, recorded, [input] + recorded.flatMap { [$0.weight, $0.bias] })
    }
    let (fusedInput, fusedLayers, fusedLeaves) = leaves()
    let (plainInput, plainLayers, plainLeaves) = leaves()
    let fused = Tensor.denseChain(fusedInput, layers: fusedLayers, portable: portable, threads: threads)
    let plain = Tensor.composedChain(plainInput, layers: plainLayers)
    #expect(fused.shape == [rows, 3])
    for (a, b) in zip(fused.scalars, plain.scalars) { #expect(abs(a - b) <= 1e-5 + 1e-5 * abs(b), "value \(a) vs \(b)") }
    let fusedGradients = gradients(of: (fused * probe).sum(), at: fusedLeaves)
    let plainGradients = gradients(of: (plain * probe).sum(), at: plainLeaves)
    for (index, (a, b)) in zip(fusedGradients, plainGradients).enumerated() {
      #expect(a.shape == b.shape)
      let scale = b.scalars.map(abs).max() ?? 1
      for (u, v) in zip(a.scalars, b.scalars) {
        #expect(abs(u - v) <= 2e-5 * max(1, scale), "gradient \(index) (0 = input): \(u) vs \(v), rows \(rows)")
      }
    }
  }

  @Test(arguments: [1, 37, 64, 130, 1100, 2 * 64 * 16 + 5])
  func matchesComposedLayers(rows: Int) {
    compare(rows: rows, groups: 1, portable: false, seed: UInt64(rows))
  }

  @Test(arguments: [(64, 4), (1100, 11), (2 * 64 * 16 + 5, 1)])
  func groupedBiasesMatchComposedLayers(rows: Int, groups: Int) {
    compare(rows: rows, groups: groups, portable: false, seed: 7)
  }

  @Test(arguments: [1, 37, 1100])
  func portablePathMatchesComposedLayers(rows: Int) {
    compare(rows: rows, groups: rows == 1100 ? 10 : 1, portable: true, seed: 11)
  }

  @Test func oneThreadMatchesComposedLayers() {
    compare(rows: 3 * 64 * 16 + 9, groups: 3, portable: false, threads: 1, seed: 13)
  }

  /// Forward values and every gradient are bit-identical on 1, 2 and 3 threads, and between
  /// the vector and portable kernels up to rounding.
  @Test func threadCountDoesNotChangeResults() {
    let rows = 5 * 64 * 16 + 3
    var rng = RandomGenerator(seed: 17)
    let x = Tensor.normal([rows, 2], using: &rng)
    let layers = chain(inputs: 2, groups: 1, seed: 17)
    let probe = Tensor.normal([rows, 3], using: &rng)
    func run(threads: Int) -> [[Float]] {
      let input = x.requiringGradient()
      let recorded = layers.map {
        DenseChainLayer(
          weight: $0.weight.requiringGradient(), bias: $0.bias.requiringGradient(), activation: $0.activation,
          residual: $0.residual)
      }
      let output = Tensor.denseChain(input, layers: recorded, portable: false, threads: threads)
      let leaves = [input] + recorded.flatMap { [$0.weight, $0.bias] }
      return [output.scalars] + gradients(of: (output * probe).sum(), at: leaves).map(\.scalars)
    }
    let one = run(threads: 1)
    #expect(run(threads: 2) == one)
    #expect(run(threads: 3) == one)
  }

  /// Only the parameters need gradients (the input is data): the input gradient is skipped
  /// and the parameter gradients are unchanged.
  @Test func parameterGradientsWithoutInputGradient() {
    var rng = RandomGenerator(seed: 19)
    let x = Tensor.normal([300, 2], using: &rng)
    let layers = chain(inputs: 2, groups: 3, seed: 19).map {
      DenseChainLayer(
        weight: $0.weight.requiringGradient(), bias: $0.bias.requiringGradient(), activation: $0.activation,
        residual: $0.residual)
    }
    let leaves = layers.flatMap { [$0.weight, $0.bias] }
    let fused = gradients(of: Tensor.denseChain(x, layers: layers).squared().sum(), at: leaves)
    let plain = gradients(of: Tensor.composedChain(x, layers: layers).squared().sum(), at: leaves)
    for (a, b) in zip(fused, plain) {
      let scale = b.scalars.map(abs).max() ?? 1
      for (u, v) in zip(a.scalars, b.scalars) { #expect(abs(u - v) <= 2e-5 * max(1, scale)) }
    }
  }

  @Test func firstOrderMatchesFiniteDifferences() {
    var rng = RandomGenerator(seed: 23)
    let x = Tensor.normal([70, 2], using: &rng)
    let layers = chain(inputs: 2, groups: 2, seed: 23)
    let probe = Tensor.normal([70, 3], using: &rng)
    let parameters = [x] + layers.flatMap { [$0.weight, $0.bias] }
    let result = GradientChecker.check(at: parameters, epsilon: 1e-2) { t in
      let rebuilt = layers.indices.map { l in
        DenseChainLayer(
          weight: t[1 + 2 * l], bias: t[2 + 2 * l], activation: layers[l].activation, residual: layers[l].residual)
      }
      return (Tensor.denseChain(t[0], layers: rebuilt) * probe).sum()
    }
    #expect(result.passed, "max error \(result.maxAbsoluteError)")
  }

  /// Second order, as score matching uses it: ‖∂E/∂x‖² differentiated with respect to the
  /// weights, from the fused chain and from the composed layers.
  @Test func secondOrderMatchesComposedLayers() {
    var rng = RandomGenerator(seed: 29)
    let x = Tensor.normal([90, 2], using: &rng)
    let layers = chain(inputs: 2, groups: 3, seed: 29)
    func secondOrder(fused: Bool) -> [Tensor] {
      let recorded = layers.map {
        DenseChainLayer(
          weight: $0.weight.requiringGradient(), bias: $0.bias.requiringGradient(), activation: $0.activation,
          residual: $0.residual)
      }
      let point = x.requiringGradient()
      let energy = fused ? Tensor.denseChain(point, layers: recorded) : Tensor.composedChain(point, layers: recorded)
      let dx = gradients(of: energy.sum(), at: [point], createGraph: true)[0]
      return gradients(of: dx.squared().sum(), at: recorded.flatMap { [$0.weight, $0.bias] })
    }
    for (a, b) in zip(secondOrder(fused: true), secondOrder(fused: false)) {
      let scale = b.scalars.map(abs).max() ?? 1
      for (u, v) in zip(a.scalars, b.scalars) { #expect(abs(u - v) <= 1e-4 * max(1, scale), "\(u) vs \(v)") }
    }
  }

  /// The forward-mode tangent J·v against reverse-mode autodiff of the composed layers, one
  /// output column at a time (rows are independent, so the gradient of a column's sum holds
  /// each row's Jacobian row), for a given direction and for all ones, on both kernels.
  @Test(arguments: [(1, false), (130, false), (1100, true), (3 * 64 * 16 + 9, false)])
  func tangentMatchesAutodiff(rows: Int, portable: Bool) {
    var rng = RandomGenerator(seed: 31)
    let x = Tensor.normal([rows, 2], using: &rng)
    let direction = Tensor.normal([rows, 2], using: &rng)
    let groups = rows % 3 == 0 ? 3 : 1
    let layers = chain(inputs: 2, groups: groups, seed: 31)
    let point = x.requiringGradient()
    let output = Tensor.composedChain(point, layers: layers)
    var jacobianColumns: [[Float]] = []
    for o in 0..<3 {
      jacobianColumns.append(gradients(of: output.slice(alongAxis: 1, o..<(o + 1)).sum(), at: [point])[0].scalars)
    }
    for (v, label) in [(Optional(direction), "direction"), (nil, "ones")] {
      let tangent = Tensor.denseChainTangent(x, layers: layers, direction: v, portable: portable)
      #expect(tangent.shape == [rows, 3])
      for r in 0..<rows {
        for o in 0..<3 {
          let row = jacobianColumns[o]
          let expected = (0..<2).reduce(Float(0)) { $0 + row[r * 2 + $1] * (v?.scalars[r * 2 + $1] ?? 1) }
          let actual = tangent.scalars[r * 3 + o]
          #expect(abs(actual - expected) <= 1e-5 + 1e-5 * abs(expected), "\(label) row \(r) output \(o): \(actual) vs \(expected)")
        }
      }
    }
  }

  @Test func tangentIsTheSameOnAnyThreadCount() {
    var rng = RandomGenerator(seed: 37)
    let x = Tensor.normal([5 * 64 * 16 + 3, 2], using: &rng)
    let layers = chain(inputs: 2, groups: 1, seed: 37)
    let one = Tensor.denseChainTangent(x, layers: layers, direction: nil, portable: false, threads: 1).scalars
    #expect(Tensor.denseChainTangent(x, layers: layers, direction: nil, portable: false, threads: 2).scalars == one)
  }
}
