import Testing
@testable import Tensors

/// The gradient of a gradient, for the ops an MLP energy uses: for an energy E(x; θ), the
/// scalar S(x, θ) = Σ w ⊙ ∂E/∂x is differentiated with respect to θ and x by autodiff of the
/// recorded backward pass, and checked against finite differences of S (S itself computed by
/// first-order autodiff).
@Suite struct SecondOrderTests {
  func expectSecondOrder(
    _ name: String, inputs: [Tensor], energy: @escaping (Tensor, [Tensor]) -> Tensor,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    // inputs[0] is x; the rest are parameters.
    let weights = testPoint(inputs[0].shape, seed: 77, in: 0.5...1.5)
    let result = GradientChecker.check(at: inputs) { point in
      // Outer leaves (from the checker's autodiff) are used as they are, so that the
      // recorded dE/dx depends on them; constants (finite-difference evaluation) become leaves.
      let x = point[0].isRecorded ? point[0] : point[0].requiringGradient()
      let e = withGradients { energy(x, Array(point.dropFirst())).sum() }
      let dx = withGradients { gradients(of: e, at: [x], createGraph: true)[0] }
      return (dx * weights).sum()
    }
    #expect(result.passed, "\(name): \(result)", sourceLocation: sourceLocation)
  }

  @Test func mlpOpsHaveCorrectSecondOrderGradients() {
    let x = testPoint([5, 3], seed: 1)
    let w1 = testPoint([3, 4], seed: 2, in: -0.8...0.8)
    let b1 = testPoint([4], seed: 3)
    let w2 = testPoint([4, 1], seed: 4, in: -0.8...0.8)
    let layer: (Tensor, [Tensor]) -> Tensor = { x, p in Tensor.matmul(x, p[0]) + p[1] }
    expectSecondOrder("tanh", inputs: [x, w1, b1, w2]) { x, p in
      Tensor.matmul(layer(x, p).tanh(), p[2])
    }
    expectSecondOrder("softplus", inputs: [x, w1, b1, w2]) { x, p in
      Tensor.matmul(layer(x, p).softplus(), p[2])
    }
    expectSecondOrder("sigmoid", inputs: [x, w1, b1, w2]) { x, p in
      Tensor.matmul(layer(x, p).sigmoid(), p[2])
    }
    expectSecondOrder("silu", inputs: [x, w1, b1, w2]) { x, p in
      Tensor.matmul(layer(x, p).silu(), p[2])
    }
    expectSecondOrder("exp-log-square-mean", inputs: [x, w1, b1]) { x, p in
      (layer(x, p) * 0.5).exp().log1p().squared().mean(alongAxis: 1) + (x.squared() + 1).log().sum(alongAxis: 1)
    }
    // relu has a zero second derivative; the mixed term d/dW (dE/dx) is not zero.
    let away = Tensor([[0.9, -0.7, 1.3], [-1.1, 0.6, 0.4]])
    expectSecondOrder("relu", inputs: [away, w1, b1, w2]) { x, p in
      Tensor.matmul(layer(x, p).relu(), p[2])
    }
    expectSecondOrder("transposed matmul", inputs: [x, testPoint([4, 3], seed: 9)]) { x, p in
      Tensor.matmul(x, p[0], transposeB: true).tanh().sum(alongAxis: 1)
    }
  }

  @Test func secondDerivativeOfCubicIsExact() {
    let x = Tensor([2]).requiringGradient()
    let y = (x * x * x).sum()
    let dy = gradients(of: y, at: [x], createGraph: true)[0]  // 3x² = 12
    let d2y = gradients(of: dy.sum(), at: [x])[0]  // 6x = 12
    #expect(dy.scalars == [12])
    #expect(d2y.scalars == [12])
  }

  @Test func thirdOrderThroughTanh() {
    // d³/dx³ tanh(x) = -2 sech²(x) (1 - 3 tanh²(x))... checked against finite differences of the
    // second derivative.
    let point = Tensor([0.3, -0.8])
    let result = GradientChecker.check(at: [point]) { p in
      let x = p[0].isRecorded ? p[0] : p[0].requiringGradient()
      return withGradients {
        let d1 = gradients(of: x.tanh().sum(), at: [x], createGraph: true)[0]
        let d2 = gradients(of: d1.sum(), at: [x], createGraph: true)[0]
        return d2.sum()
      }
    }
    #expect(result.passed, "\(result)")
  }
}
