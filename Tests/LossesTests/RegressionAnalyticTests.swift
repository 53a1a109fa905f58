import Architectures
import EBMProtocols
import Foundation
import Losses
import Samplers
import Tensors
import Testing

/// The regression objectives on energies whose answers are known in closed form.
@Suite struct RegressionAnalyticTests {
  let energy = RegressionGaussianEnergy()
  let x = Tensor([[-1.0], [0.2], [1.5], [2.0]])
  let y = Tensor([[-0.3], [0.4], [0.6], [1.3]])

  func context(_ energy: any EnergyFunction, parameters: ParameterSet, batch: Batch, sampler: (any ProposalSampler)?, seed: UInt64 = 3) -> LossContext {
    LossContext(energy: energy, parameters: parameters.requiringGradients(), batch: batch, sampler: sampler, rng: RandomGenerator(seed: seed), step: 0)
  }

  /// Exact NLL of the Gaussian energy: mean of E(x_i, y_i) + log(s √(2π)).
  func exactNLL(_ p: ParameterSet) -> Tensor {
    let s = p["logs"]!
    return energy.energy(x: x, y: y.reshaped([4, 1, 1]), parameters: p).mean() + s + Float(0.5 * Foundation.log(2 * Double.pi))
  }

  /// With many samples, ML-IS's log Z estimate approaches the exact one, so the loss
  /// approaches the exact negative log-likelihood (value and gradient). The tolerance is a
  /// few standard errors of the importance-sampling estimate at M = 50 000.
  @Test func mlISApproachesExactNLL() throws {
    var rng = RandomGenerator(seed: 0)
    let parameters = energy.initialParameters(using: &rng)
    var objective = MaximumLikelihoodIS(samples: 50_000)
    var ctx = context(energy, parameters: parameters, batch: Batch(x: x, y: y), sampler: GaussianMixtureProposal(stds: [0.2, 1.6]))
    let loss = try withGradients { try objective.loss(&ctx) }
    let leaves = parameters.requiringGradients()
    let exact = withGradients { exactNLL(leaves) }
    #expect(abs(loss.scalar - exact.scalar) < 0.02, "ML-IS \(loss.scalar) vs exact NLL \(exact.scalar)")
    let names = ["a", "b", "logs"]
    let ours = gradients(of: loss, at: names.map { ctx.parameters[$0]! })
    let reference = gradients(of: exact, at: names.map { leaves[$0]! })
    for (name, (g, r)) in zip(names, zip(ours, reference)) {
      #expect(abs(g.scalar - r.scalar) < 0.05 * max(1, abs(r.scalar)), "∂/∂\(name): \(g.scalar) vs \(r.scalar)")
    }
  }

  /// SM on the Gaussian energy: −tr ∇²E + ½‖∇E‖² = −1/s² + ½ (y − μ)²/s⁴, by hand.
  @Test func scoreMatchingByHand() throws {
    var rng = RandomGenerator(seed: 0)
    let parameters = energy.initialParameters(using: &rng)
    var objective = ScoreMatching()
    var ctx = context(energy, parameters: parameters, batch: Batch(x: x, y: y), sampler: nil)
    let loss = try withGradients { try objective.loss(&ctx) }
    let s2 = 0.3 * 0.3
    var expected = 0.0
    for i in 0..<4 {
      let r = Double(y.scalars[i]) - (0.5 * Double(x.scalars[i]) + 0.1)
      expected += -1 / s2 + 0.5 * r * r / (s2 * s2)
    }
    expected /= 4
    #expect(abs(Double(loss.scalar) - expected) < 1e-4 * abs(expected))
  }

  /// SM on ToyNet: the second-order term (∂²E/∂y², from double backward) against central
  /// finite differences of the analytic ∂E/∂y, through the whole loss.
  @Test func scoreMatchingSecondOrderTermMatchesFiniteDifferences() throws {
    let net = ToyNet()
    var rng = RandomGenerator(seed: 11)
    let parameters = net.initialParameters(using: &rng)
    var objective = ScoreMatching()
    var ctx = context(net, parameters: parameters, batch: Batch(x: x, y: y), sampler: nil)
    let loss = try withGradients { try objective.loss(&ctx) }
    let h: Float = 1e-2
    let candidates = y.reshaped([4, 1, 1])
    let g = net.energyGradient(x: x, y: candidates, parameters: parameters).scalars
    let plus = net.energyGradient(x: x, y: candidates + h, parameters: parameters).scalars
    let minus = net.energyGradient(x: x, y: candidates - h, parameters: parameters).scalars
    var expected = 0.0
    for i in 0..<4 {
      let second = (Double(plus[i]) - Double(minus[i])) / (2 * Double(h))
      expected += -second + 0.5 * Double(g[i]) * Double(g[i])
    }
    expected /= 4
    #expect(abs(Double(loss.scalar) - expected) < 1e-3 * max(1, abs(expected)), "SM \(loss.scalar) vs FD \(expected)")
  }

  /// DSM on the Gaussian energy with given noise: mean ‖ε/σ − (ỹ − μ)/s²‖², by hand.
  @Test func denoisingScoreMatchingByHand() {
    var rng = RandomGenerator(seed: 0)
    let parameters = energy.initialParameters(using: &rng)
    let sigma: Float = 0.2
    let noise = Tensor([[0.5, -1.0, 0.3], [1.2, 0.0, -0.4], [-0.7, 0.9, 2.0], [0.1, -0.2, 0.6]])
    let objective = DenoisingScoreMatching(sigma: sigma, samples: 3)
    let loss = objective.loss(context(energy, parameters: parameters, batch: Batch(x: x, y: y), sampler: nil), noise: noise)
    let s2 = 0.3 * 0.3
    var expected = 0.0
    for i in 0..<4 {
      let mean = 0.5 * Double(x.scalars[i]) + 0.1
      for m in 0..<3 {
        let e = Double(noise.scalars[i * 3 + m])
        let noisy = Double(y.scalars[i]) + Double(sigma) * e
        let r = e / Double(sigma) - (noisy - mean) / s2
        expected += r * r
      }
    }
    expected /= 12
    #expect(abs(Double(loss.scalar) - expected) < 1e-4 * expected)
  }

  /// DSM and SM on an unconditional energy (the generative case), by hand.
  @Test func unconditionalScoreMatchingByHand() throws {
    let energy = RegressionUnconditionalGaussianEnergy(dimension: 2)
    let parameters: ParameterSet = ["mu": Tensor([0.5, -0.5]), "logs": Tensor([Float(Foundation.log(0.8))]), "c": Tensor([0])]
    let points = Tensor([[1.0, 0.0], [-0.5, 0.25], [0.3, -1.1]])
    var sm = ScoreMatching()
    var ctx = context(energy, parameters: parameters, batch: Batch(x: nil, y: points), sampler: nil)
    let smLoss = try withGradients { try sm.loss(&ctx) }
    let s2 = 0.64
    var expected = 0.0
    for i in 0..<3 {
      let r0 = Double(points.scalars[i * 2]) - 0.5
      let r1 = Double(points.scalars[i * 2 + 1]) + 0.5
      expected += -2 / s2 + 0.5 * (r0 * r0 + r1 * r1) / (s2 * s2)
    }
    expected /= 3
    #expect(abs(Double(smLoss.scalar) - expected) < 1e-4 * abs(expected))

    let noise = Tensor(shape: [3, 1, 2], scalars: [0.3, -0.6, 1.0, 0.2, -1.5, 0.4])
    let dsm = DenoisingScoreMatching(sigma: 0.5, samples: 1)
    let dsmLoss = dsm.loss(context(energy, parameters: parameters, batch: Batch(x: nil, y: points), sampler: nil), noise: noise)
    var expectedDSM = 0.0
    for i in 0..<3 {
      for j in 0..<2 {
        let e = Double(noise.scalars[i * 2 + j])
        let noisy = Double(points.scalars[i * 2 + j]) + 0.5 * e
        let r = e / 0.5 - (noisy - (j == 0 ? 0.5 : -0.5)) / s2
        expectedDSM += r * r
      }
    }
    expectedDSM /= 3
    #expect(abs(Double(dsmLoss.scalar) - expectedDSM) < 1e-4 * expectedDSM)
  }

  /// NCE on an unconditional energy with a Gaussian noise distribution fitted to the data
  /// recovers the data's mean and scale (ranking NCE is consistent for the shape).
  @Test func unconditionalNCERecoversAGaussian() throws {
    var rng = RandomGenerator(seed: 5)
    let n = 512
    var values = [Float](repeating: 0, count: n * 2)
    for i in 0..<n {
      values[i * 2] = 2 + 0.5 * rng.nextNormal()
      values[i * 2 + 1] = -1 + 0.5 * rng.nextNormal()
    }
    let data = Dataset(x: nil, y: Tensor(shape: [n, 2], scalars: values))
    var sampler = GaussianProposal(std: 1)
    try sampler.prepare(data: data)
    let energy = RegressionUnconditionalGaussianEnergy(dimension: 2)
    var parameters = energy.initialParameters(using: &rng)
    var objective = NoiseContrastiveEstimation(samples: 8)
    var optimizer = try Adam(learningRate: 0.05)
    let names = parameters.keys.sorted()
    for step in 0..<300 {
      let indices = (0..<64).map { _ in rng.uniformInt(below: n) }
      var ctx = LossContext(
        energy: energy, parameters: parameters.requiringGradients(), batch: data.batch(indices), sampler: sampler,
        rng: RandomGenerator(seed: 100).forked(stream: UInt64(step)), step: step)
      let loss = try withGradients { try objective.loss(&ctx) }
      let grads = gradients(of: loss, at: names.map { ctx.parameters[$0]! })
      var set: ParameterSet = [:]
      for (name, g) in zip(names, grads) { set[name] = g }
      optimizer.update(&parameters, along: set)
    }
    let mu = parameters["mu"]!.scalars
    let s = Foundation.exp(Double(parameters["logs"]!.scalar))
    #expect(abs(mu[0] - 2) < 0.1 && abs(mu[1] + 1) < 0.1, "mu \(mu)")
    #expect(abs(s - 0.5) < 0.05, "s \(s)")
  }
}
