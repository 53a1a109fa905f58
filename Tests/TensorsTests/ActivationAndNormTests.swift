import Foundation
import Testing

@testable import Tensors

/// Activations, normalisations, multi-axis reductions, norms and broadcast matmul: values
/// against PyTorch 2 outputs (recorded below with the inputs' formula), gradients against finite
/// differences, second order where the op is used under a recorded gradient.
@Suite struct ActivationAndNormTests {
  /// sin(a·i + b)·s for i in 0..<count, rounded to Float: the inputs the PyTorch references used.
  static func input(_ shape: [Int], a: Double = 0.7, b: Double = 0.3, s: Double = 2) -> Tensor {
    let count = shape.reduce(1, *)
    return Tensor(shape: shape, scalars: (0..<count).map { Float(sin(a * Double($0) + b) * s) })
  }

  static func expectClose(_ a: Tensor, _ b: [Float], tolerance: Float = 2e-6, _ what: String) {
    #expect(a.count == b.count, "\(what): \(a.count) values, expected \(b.count)")
    for (u, v) in zip(a.scalars, b) {
      #expect(abs(u - v) <= tolerance * max(1, abs(v)), "\(what): \(u) vs PyTorch \(v)")
    }
  }

  @Test func activationsMatchPyTorch() {
    let v = Self.input([7], s: 3)
    Self.expectClose(v.gelu(), [
      0.720190703868866, 2.509784698486328, 2.9706361293792725, 1.9831010103225708, 0.06856269389390945, -0.06096002086997032, -0.004928810056298971,
    ], "gelu")
    Self.expectClose(v.elu(alpha: 1.5), [
      0.8865606188774109, 2.5244128704071045, 2.974994421005249, 2.0263895988464355, 0.12474198639392853, -1.2607171535491943, -1.4201116561889648,
    ], "elu")
    Self.expectClose(v.leakyReLU(negativeSlope: 0.2), [
      0.8865606188774109, 2.5244128704071045, 2.974994421005249, 2.0263895988464355, 0.12474198639392853, -0.36711475253105164, -0.5865180492401123,
    ], "leakyReLU")
    // Large |x|: log σ(40) ≈ −4e−18 and log σ(−40) ≈ −40 without overflow or log(0).
    #expect(Tensor([-100, 100]).logSigmoid().scalars == [-100, -Float(exp(-100.0))])
    Self.expectClose(Self.input([5], s: 40).logSigmoid(), [
      -7.349986844928935e-06, -2.4107459768946213e-15, -5.929500705250101e-18, -1.845025651356358e-12, -0.17355531454086304,
    ], tolerance: 1e-5, "logSigmoid")
  }

  @Test func activationsPropagateNaN() {
    let x = Tensor([.nan, 1, -1])
    for y in [x.leakyReLU(), x.elu(), x.gelu(), x.logSigmoid()] {
      #expect(y.scalars[0].isNaN && y.scalars[1].isFinite && y.scalars[2].isFinite)
    }
    // PyTorch's backward rules at NaN: leaky ReLU scales by the slope, ELU passes the gradient.
    let (_, leaky) = valueWithGradient(at: [x]) { $0[0].leakyReLU(negativeSlope: 0.5).sum() }
    #expect(leaky[0].scalars == [0.5, 1, 0.5])
    let (_, elu) = valueWithGradient(at: [x]) { $0[0].elu().sum() }
    #expect(elu[0].scalars[0] == 1 && abs(elu[0].scalars[2] - Float(exp(-1.0))) <= 1e-6)
  }

  @Test func activationGradientsMatchFiniteDifferences() {
    let x = Self.input([9], s: 2.5) + 0.05  // away from the kink at 0
    for (name, f) in [
      ("leakyReLU", { (t: Tensor) in t.leakyReLU(negativeSlope: 0.1) }), ("elu", { $0.elu(alpha: 0.7) }), ("gelu", { $0.gelu() }),
      ("logSigmoid", { $0.logSigmoid() }), ("erf", { $0.erf() }),
    ] as [(String, (Tensor) -> Tensor)] {
      let result = GradientChecker.check(at: [x]) { f($0[0]).squared().sum() }
      #expect(result.passed, "\(name): \(result)")
    }
  }

  @Test func geluSecondDerivativeIsClosedForm() {
    // gelu''(x) = φ(x)(2 − x²).
    let x = Self.input([6], s: 2)
    let leaf = x.requiringGradient()
    let first = gradients(of: leaf.gelu().sum(), at: [leaf], createGraph: true)[0]
    let second = gradients(of: first.sum(), at: [leaf])[0]
    for (s, v) in zip(second.scalars, x.scalars) {
      let phi = exp(-Double(v) * Double(v) / 2) / (2 * Double.pi).squareRoot()
      #expect(abs(Double(s) - phi * (2 - Double(v) * Double(v))) <= 1e-5)
    }
  }

  @Test func normalisationsMatchPyTorch() {
    let y = Self.input([2, 4, 3])
    let w = Self.input([4, 3], a: 0.4, b: 1.0)
    let b = Self.input([4, 3], a: 0.9, b: 0.2)
    Self.expectClose(y.layerNorm(overLast: 2, weight: w, bias: b), [
      0.6765184998512268, 3.6438100337982178, 4.075239658355713, 1.6228519678115845, -1.426041603088379, -2.31823468208313, -0.41948172450065613, 2.284641742706299, 3.172245979309082, 1.4292553663253784, -1.3900327682495117, -3.035742998123169, 2.0616281032562256, 1.8453872203826904, -0.01708253100514412, -1.908350944519043, -2.5825068950653076, -2.1529223918914795, -1.5108402967453003, -1.1399166584014893, -0.7727837562561035, -0.12322042882442474, 0.4328509569168091, 0.2367108166217804,
    ], tolerance: 1e-5, "layerNorm")
    let z = Self.input([2, 4, 2, 3])
    let gw = Self.input([4], a: 0.5, b: 0.5)
    let gb = Self.input([4], a: 0.3, b: 0.7)
    Self.expectClose(z.groupNorm(groups: 2, weight: gw, bias: gb), [
      1.4474972486495972, 2.19401216506958, 2.3993823528289795, 1.967018723487854, 1.1002687215805054, 0.20677845180034637, -1.0931411981582642, -0.8673644065856934, 0.35559964179992676, 2.0005717277526855, 3.293895959854126, 3.6273014545440674, 3.8999955654144287, 1.9908586740493774, 0.04686439782381058, -1.017696499824524, -0.7021441459655762, 0.8451120257377625, 2.8827033042907715, 4.332596778869629, 4.6805853843688965, 3.7630045413970947, 2.011406898498535, 0.2495962381362915, 0.19492384791374207, 0.3544090688228607, 1.0705078840255737, 2.006427764892578, 2.7219910621643066, 2.880657196044922, 3.6476166248321533, 2.0995893478393555, 0.5615335702896118, -0.24317900836467743, 0.06392030417919159, 1.3383980989456177, 2.4164719581604004, 3.8810911178588867, 4.17831563949585, 3.168356418609619, 1.3262128829956055, -0.4817260205745697, -1.038490891456604, -0.6780709624290466, 0.7150408625602722, 2.485642433166504, 3.800992250442505, 4.0424604415893555,
    ], tolerance: 1e-5, "groupNorm")
  }

  @Test func normalisationGradientsFirstAndSecondOrder() {
    let z = Self.input([2, 4, 1, 3])
    let gw = Self.input([4], a: 0.5, b: 0.5)
    let gb = Self.input([4], a: 0.3, b: 0.7)
    var rng = RandomGenerator(seed: 3)
    let probe = Tensor.normal([2, 4, 1, 3], using: &rng)
    let first = GradientChecker.check(at: [z, gw, gb]) { p in
      (p[0].groupNorm(groups: 2, weight: p[1], bias: p[2]) * probe).sum()
    }
    #expect(first.passed, "groupNorm: \(first)")
    let layer = GradientChecker.check(at: [z]) { p in (p[0].layerNorm(overLast: 3) * probe).sum() }
    #expect(layer.passed, "layerNorm: \(layer)")
    // ‖∂E/∂x‖² differentiated with respect to the weight (score matching through a norm layer).
    let second = GradientChecker.check(at: [gw], relativeTolerance: 2e-2) { p in
      withGradients {
        let x = z.requiringGradient()
        let energy = (x.groupNorm(groups: 2, weight: p[0], bias: gb).tanh() * probe).sum()
        return gradients(of: energy, at: [x], createGraph: true)[0].squared().sum()
      }
    }
    #expect(second.passed, "groupNorm second order: \(second)")
  }

  @Test func reductionsStdAndNormsMatchPyTorch() {
    let y = Self.input([2, 4, 3])
    Self.expectClose(y.standardDeviation(alongAxes: [0, 2], unbiased: true), [
      1.2031089067459106, 1.2482670545578003, 1.7191460132598877, 1.214367389678955,
    ], tolerance: 1e-5, "std")
    Self.expectClose(y.norm(3, alongAxes: [1]), [
      2.181845188140869, 2.4773404598236084, 2.6109747886657715, 2.3122940063476562, 2.185678243637085, 2.2949390411376953,
    ], tolerance: 1e-5, "norm p=3")
    // Multi-axis sum against axis-by-axis sums, and keepingDimensions.
    let s = y.sum(alongAxes: [2, 0])
    Self.expectClose(s, y.sum(alongAxis: 0).sum(alongAxis: 1).scalars, "sum over axes")
    #expect(y.mean(alongAxes: [-1, 0], keepingDimensions: true).shape == [1, 4, 1])
    // Norms by hand: L1 and L2 and ∞ of (3, −4).
    let v = Tensor([3, -4])
    #expect(v.norm(1).scalar == 7 && v.norm().scalar == 5 && v.norm(.infinity).scalar == 4)
  }

  @Test func normAndStdGradientsAreSafeAtZero() {
    // PyTorch's subgradient at 0: zeros, never NaN.
    let zero = Tensor.zeros([2, 3])
    for p: Float in [1, 2, 3, .infinity] {
      let (_, g) = valueWithGradient(at: [zero]) { $0[0].norm(p, alongAxes: [1]).sum() }
      #expect(g[0].scalars.allSatisfy { $0 == 0 }, "p = \(p)")
    }
    let (_, g) = valueWithGradient(at: [Tensor.ones([4])]) { $0[0].standardDeviation(unbiased: true) }
    #expect(g[0].scalars.allSatisfy { $0 == 0 })
    let y = Self.input([2, 4, 3])
    for p: Float in [1, 2, 3.5] {
      let result = GradientChecker.check(at: [y]) { $0[0].norm(p, alongAxes: [0, 2]).sum() }
      #expect(result.passed, "norm p = \(p): \(result)")
    }
    let std = GradientChecker.check(at: [y]) { $0[0].standardDeviation(alongAxis: 1, unbiased: false).sum() }
    #expect(std.passed, "std: \(std)")
  }

  @Test func matmulBroadcastsBatchAxes() {
    let a = Self.input([2, 1, 3, 4])
    let b = Self.input([3, 4, 2], a: 0.3, b: 0.9)
    let product = Tensor.matmul(a, b)
    #expect(product.shape == [2, 3, 3, 2])
    for i in 0..<2 {
      for j in 0..<3 {
        let ai = a.slice(alongAxis: 0, i..<(i + 1)).reshaped([3, 4])
        let bj = b.slice(alongAxis: 0, j..<(j + 1)).reshaped([4, 2])
        let expected = Tensor.matmul(ai, bj).scalars
        let got = product.slice(alongAxis: 0, i..<(i + 1)).slice(alongAxis: 1, j..<(j + 1)).scalars
        for (u, v) in zip(got, expected) { #expect(abs(u - v) <= 1e-5) }
      }
    }
    // A rank-2 left operand against a batch, with transposes; gradients sum over the broadcast.
    let m = Self.input([4, 3], a: 1.1)
    let result = GradientChecker.check(at: [m, b]) { p in
      Tensor.matmul(p[0], p[1], transposeA: true).squared().sum()
    }
    #expect(result.passed, "\(result)")
    #expect(Tensor.matmul(m, b, transposeA: true).shape == [3, 3, 2])
  }
}
