import Architectures
import EBMProtocols
import Foundation
import Losses
import Samplers
import Tensors
import Testing

/// Our ToyNet and the six regression objectives against PyTorch (float64) on fixed weights,
/// batch and proposal samples: values and every parameter's gradient.
@Suite struct RegressionGoldenTests {
  let fixture: RegressionGoldenFixture

  init() throws { fixture = try RegressionGoldenFixture() }

  /// Float32 agreement: relative 2e-5 of the value, and for gradients 2e-5 of the tensor's
  /// largest magnitude plus an absolute 1e-7 (float32's epsilon): gradients that are exactly
  /// zero in exact arithmetic (the output bias under a softmax loss: a sum of O(1) terms that
  /// cancel) come out as float32 rounding noise of order 1e-8.
  static let relativeTolerance = 2e-5
  static let absoluteTolerance = 1e-7

  func context(sampler: (any ProposalSampler)?) -> LossContext {
    LossContext(
      energy: ToyNet(), parameters: fixture.parameters.requiringGradients(),
      batch: Batch(x: fixture.tensor("x"), y: fixture.tensor("y")), sampler: sampler,
      rng: RandomGenerator(seed: 1), step: 0)
  }

  func proposal(stds: [Float], key: String, truthDraw: Float = 0) -> FixedOffsetProposal {
    FixedOffsetProposal(
      offsets: fixture.tensor(key).scalars, truthDraw: truthDraw, mixture: GaussianMixtureProposal(stds: stds))
  }

  func check(_ name: String, _ loss: Tensor, _ context: LossContext) {
    let reference = fixture.loss(name)
    let value = Double(loss.scalar)
    #expect(abs(value - reference.value) <= Self.relativeTolerance * max(abs(reference.value), 1e-3), "\(name) value \(value) vs \(reference.value)")
    let names = reference.gradients.keys.sorted()
    let ours = gradients(of: loss, at: names.map { context.parameters[$0]! })
    for (key, gradient) in zip(names, ours) {
      let expected = reference.gradients[key]!
      #expect(gradient.shape == expected.shape, "\(name) ∂/∂\(key) shape")
      let scale = expected.scalars.map { abs(Double($0)) }.max() ?? 0
      let worst = zip(gradient.scalars, expected.scalars).map { abs(Double($0) - Double($1)) }.max() ?? 0
      #expect(worst <= Self.relativeTolerance * scale + Self.absoluteTolerance, "\(name) ∂/∂\(key): max error \(worst), scale \(scale)")
    }
  }

  @Test func energiesOnTheGrid() {
    let (y, expected) = fixture.grid
    let x = fixture.tensor("x")
    let candidates = y.reshaped([1, y.count, 1]).expanded(to: [x.shape[0], y.count, 1])
    let energies = ToyNet().energy(x: x, y: candidates, parameters: fixture.parameters)
    #expect(energies.shape == expected.shape)
    for (a, b) in zip(energies.scalars, expected.scalars) { #expect(abs(a - b) <= 1e-6 + 1e-5 * abs(b)) }
  }

  @Test func mlIS() throws {
    var objective = MaximumLikelihoodIS(samples: 8)
    var ctx = context(sampler: proposal(stds: [0.2, 1.6], key: "offsets_stds_0.2_1.6"))
    let loss = try withGradients { try objective.loss(&ctx) }
    check("ml-is", loss, ctx)
  }

  @Test func kldIS() throws {
    var objective = KLDivergenceIS(samples: 8, labelSigma: fixture.number("kld_is_label_sigma"))
    var ctx = context(sampler: proposal(stds: [0.2, 1.6], key: "offsets_stds_0.2_1.6"))
    let loss = try withGradients { try objective.loss(&ctx) }
    check("kld-is", loss, ctx)
  }

  @Test func nce() throws {
    var objective = NoiseContrastiveEstimation(samples: 8)
    var ctx = context(sampler: proposal(stds: [0.1, 0.8], key: "offsets_stds_0.1_0.8"))
    let loss = try withGradients { try objective.loss(&ctx) }
    check("nce", loss, ctx)
  }

  @Test func ncePlus() throws {
    let beta: Float = 0.025
    var objective = NoiseContrastiveEstimationPlus(samples: 8, beta: beta)
    var ctx = context(
      sampler: proposal(stds: [0.1, 0.8], key: "offsets_stds_0.1_0.8", truthDraw: fixture.number("nce+_offset") / beta))
    let loss = try withGradients { try objective.loss(&ctx) }
    check("nce+", loss, ctx)
  }

  @Test func scoreMatching() throws {
    var objective = ScoreMatching()
    var ctx = context(sampler: nil)
    let loss = try withGradients { try objective.loss(&ctx) }
    check("sm", loss, ctx)
  }

  @Test func denoisingScoreMatching() {
    let objective = DenoisingScoreMatching(sigma: fixture.number("dsm_sigma"), samples: 8)
    let ctx = context(sampler: nil)
    let loss = withGradients { objective.loss(ctx, noise: fixture.tensor("dsm_noise")) }
    check("dsm", loss, ctx)
  }
}
