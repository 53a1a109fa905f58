import Testing

@testable import Tensors

/// The recorded (`createGraph: true`) gradient rule of ``Tensor/denseChain(_:layers:)`` when
/// chain arguments are not independent leaves: the same tensor passed at two positions, and
/// arguments computed from one another. Each case is compared with the same computation written
/// with ordinary ops (``Tensor/composedChain(_:layers:)``), first and second order.
@Suite struct DenseChainSharedArgumentTests {
  /// First-order gradients of the fused chain, with the backward pass recorded (the path that
  /// doubled) and not, against the composed chain, for arguments built by `build` from the leaves.
  func compare(
    leaves values: [Tensor], tolerance: Float = 2e-5,
    _ build: ([Tensor]) -> (input: Tensor, layers: [DenseChainLayer])
  ) {
    func run(fused: Bool, createGraph: Bool) -> [Tensor] {
      let leaves = values.map { $0.requiringGradient() }
      let (input, layers) = build(leaves)
      let output = fused ? Tensor.denseChain(input, layers: layers) : Tensor.composedChain(input, layers: layers)
      var probeRNG = RandomGenerator(seed: 405)
      let probe = Tensor.normal(output.shape, using: &probeRNG)
      return gradients(of: (output * probe).sum(), at: leaves, createGraph: createGraph)
    }
    let reference = run(fused: false, createGraph: false)
    for createGraph in [false, true] {
      let fused = run(fused: true, createGraph: createGraph)
      for (index, (a, b)) in zip(fused, reference).enumerated() {
        let scale = b.scalars.map(abs).max() ?? 1
        for (u, v) in zip(a.scalars, b.scalars) {
          #expect(
            abs(u - v) <= tolerance * max(1, scale),
            "leaf \(index), createGraph \(createGraph): fused \(u) vs composed \(v)")
        }
      }
    }
  }

  /// The simplest case: one weight used by two identity layers, so the recorded rule used to
  /// return exactly twice the gradient.
  @Test func sameWeightInTwoLayers() {
    var rng = RandomGenerator(seed: 1)
    let x = Tensor.normal([5, 3], using: &rng)
    let w = Tensor.normal([3, 3], std: 0.5, using: &rng)
    let b = Tensor.zeros([3])
    compare(leaves: [x, w, b]) { t in
      (t[0], [
        DenseChainLayer(weight: t[1], bias: t[2], activation: .identity),
        DenseChainLayer(weight: t[1], bias: t[2], activation: .identity),
      ])
    }
  }

  /// The chain's input passed again as a weight (a square input, so it fits).
  @Test func inputPassedAgainAsWeight() {
    var rng = RandomGenerator(seed: 2)
    let x = Tensor.normal([4, 4], std: 0.5, using: &rng)
    let b = Tensor.normal([4], using: &rng)
    compare(leaves: [x, b]) { t in
      (t[0], [DenseChainLayer(weight: t[0], bias: t[1], activation: .tanh, residual: true)])
    }
  }

  /// Arguments computed from other arguments: the bias from the weight, and the input from the
  /// second layer's weight.
  @Test func argumentsComputedFromOtherArguments() {
    var rng = RandomGenerator(seed: 3)
    let x = Tensor.normal([70, 3], using: &rng)
    let w1 = Tensor.normal([6, 3], std: 0.6, using: &rng)
    let w2 = Tensor.normal([2, 6], std: 0.6, using: &rng)
    compare(leaves: [x, w1, w2]) { t in
      let bias1 = t[1].sum(alongAxis: 1) * 0.3
      let bias2 = (t[2] * t[2]).sum(alongAxis: 1)
      let input = t[0] + t[2].mean()
      return (input, [
        DenseChainLayer(weight: t[1], bias: bias1, activation: .tanh),
        DenseChainLayer(weight: t[2], bias: bias2, activation: .identity),
      ])
    }
  }

  /// Second order with a shared weight: ‖∂E/∂x‖² differentiated with respect to the weight,
  /// fused against composed.
  @Test func secondOrderWithSharedWeight() {
    var rng = RandomGenerator(seed: 4)
    let xValue = Tensor.normal([40, 4], using: &rng)
    let wValue = Tensor.normal([4, 4], std: 0.5, using: &rng)
    let bValue = Tensor.normal([4], std: 0.3, using: &rng)
    func secondOrder(fused: Bool) -> [Tensor] {
      let x = xValue.requiringGradient()
      let w = wValue.requiringGradient()
      let b = bValue.requiringGradient()
      let layers = [
        DenseChainLayer(weight: w, bias: b, activation: .tanh),
        DenseChainLayer(weight: w, bias: b * 2, activation: .tanh, residual: true),
      ]
      let energy = fused ? Tensor.denseChain(x, layers: layers) : Tensor.composedChain(x, layers: layers)
      let dx = gradients(of: energy.sum(), at: [x], createGraph: true)[0]
      return gradients(of: dx.squared().sum(), at: [w, b, x])
    }
    for (a, b) in zip(secondOrder(fused: true), secondOrder(fused: false)) {
      let scale = b.scalars.map(abs).max() ?? 1
      for (u, v) in zip(a.scalars, b.scalars) { #expect(abs(u - v) <= 1e-4 * max(1, scale), "\(u) vs \(v)") }
    }
  }
}
