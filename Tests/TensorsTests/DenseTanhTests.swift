import Tensors
import Testing

/// The fused dense-tanh layer against its unfused definition and finite differences, to
/// first and second order.
@Suite struct DenseTanhTests {
  func unfused(_ x: Tensor, _ w: Tensor, _ b: Tensor, residual: Bool) -> Tensor {
    let n = x.shape[0]
    let out = w.shape[0]
    let pre = Tensor.matmul(x, w, transposeB: true)
    let biased: Tensor
    if b.rank == 1 {
      biased = pre + b
    } else {
      let g = b.shape[0]
      biased = (pre.reshaped([g, n / g, out]) + b.unsqueezed(at: 1)).reshaped([n, out])
    }
    return residual ? biased.tanh() + x : biased.tanh()
  }

  func inputs(groups: Int, seed: UInt64) -> (Tensor, Tensor, Tensor) {
    var rng = RandomGenerator(seed: seed)
    let x = Tensor.normal([6, 4], using: &rng)
    let w = Tensor.normal([4, 4], std: 0.7, using: &rng)
    let b = groups == 1 ? Tensor.normal([4], using: &rng) : Tensor.normal([groups, 4], using: &rng)
    return (x, w, b)
  }

  @Test(arguments: [(1, false), (1, true), (3, false), (2, true)])
  func matchesUnfusedValuesAndGradients(groups: Int, residual: Bool) {
    let (x, w, b) = inputs(groups: groups, seed: 3)
    let probe = Tensor.linspace(-1, 1, count: 24).reshaped([6, 4])
    let leaves = [x, w, b].map { $0.requiringGradient() }
    let fused = Tensor.denseTanh(leaves[0], weight: leaves[1], bias: leaves[2], residual: residual)
    let reference = unfused(leaves[0], leaves[1], leaves[2], residual: residual)
    for (a, r) in zip(fused.scalars, reference.scalars) { #expect(abs(a - r) <= 1e-5) }
    let gf = gradients(of: (fused * probe).sum(), at: leaves)
    let gr = gradients(of: (reference * probe).sum(), at: leaves)
    for (a, r) in zip(gf, gr) {
      #expect(a.shape == r.shape)
      for (u, v) in zip(a.scalars, r.scalars) { #expect(abs(u - v) <= 1e-5 + 1e-5 * abs(v)) }
    }
  }

  @Test func firstOrderMatchesFiniteDifferences() {
    let (x, w, b) = inputs(groups: 2, seed: 5)
    let probe = Tensor.linspace(-1, 1, count: 24).reshaped([6, 4])
    let result = GradientChecker.check(at: [x, w, b], epsilon: 1e-2) { t in
      (Tensor.denseTanh(t[0], weight: t[1], bias: t[2], residual: true) * probe).sum()
    }
    #expect(result.passed, "max error \(result.maxAbsoluteError)")
  }

  /// Second order: the gradient with respect to the input, itself differentiated with respect
  /// to the weights (what score matching needs), against finite differences.
  @Test func secondOrderMatchesFiniteDifferences() {
    let (x, w, b) = inputs(groups: 3, seed: 9)
    let result = GradientChecker.check(at: [w, b], epsilon: 1e-2) { t in
      withGradients { secondOrderLoss(x, t) }
    }
    #expect(result.passed, "max error \(result.maxAbsoluteError)")
  }

  func secondOrderLoss(_ x: Tensor, _ t: [Tensor]) -> Tensor {
    let point = x.requiringGradient()
    let out = Tensor.denseTanh(point, weight: t[0], bias: t[1], residual: true)
    let inner = Tensor.denseTanh(out, weight: t[0], bias: t[1])
    let dx = gradients(of: inner.squared().sum(), at: [point], createGraph: true)[0]
    return dx.squared().sum()
  }
}
