import Testing
import Tensors
import EBMProtocols
@testable import Architectures
@testable import Samplers

/// Samplers on analytic energies with known moments. Tolerances are set by the sample size:
/// a few standard errors of the estimate (plus the step-size bias of unadjusted Langevin,
/// which is far below them at these step sizes).
@Suite struct GenerativeSamplerTests {
  struct Moments {
    var mean: [Double]
    var covariance: [Double]
  }

  func moments(_ t: Tensor) -> Moments {
    let n = t.shape[0]
    let d = t.shape[1]
    let s = t.scalars.map(Double.init)
    var mean = [Double](repeating: 0, count: d)
    for i in 0..<n { for k in 0..<d { mean[k] += s[i * d + k] / Double(n) } }
    var cov = [Double](repeating: 0, count: d * d)
    for i in 0..<n {
      for a in 0..<d { for b in 0..<d { cov[a * d + b] += (s[i * d + a] - mean[a]) * (s[i * d + b] - mean[b]) / Double(n - 1) } }
    }
    return Moments(mean: mean, covariance: cov)
  }

  /// Checks mean and covariance against N(μ, Σ) within 5 standard errors for `n` samples.
  func expectGaussian(_ samples: Tensor, mean: [Double], covariance: [Double], _ label: String) {
    let n = Double(samples.shape[0])
    let m = moments(samples)
    for k in 0..<2 {
      let se = (covariance[k * 2 + k] / n).squareRoot()
      #expect(Swift.abs(m.mean[k] - mean[k]) < 5 * se, "\(label): mean[\(k)] \(m.mean[k]) vs \(mean[k])")
    }
    for a in 0..<2 {
      for b in 0..<2 {
        // Var of a sample covariance entry: (Σ_aa Σ_bb + Σ_ab²)/n.
        let se = ((covariance[a * 2 + a] * covariance[b * 2 + b] + covariance[a * 2 + b] * covariance[a * 2 + b]) / n).squareRoot()
        #expect(
          Swift.abs(m.covariance[a * 2 + b] - covariance[a * 2 + b]) < 5 * se,
          "\(label): cov[\(a),\(b)] \(m.covariance[a * 2 + b]) vs \(covariance[a * 2 + b])")
      }
    }
  }

  @Test func langevinSamplesAGaussian() throws {
    let energy = try GaussianEnergy(mean: [1, -1], covariance: [1, 0.5, 0.5, 2])
    var sampler = LangevinSampler(steps: 1500, stepSize: 0.01, initialization: .normal(scale: 1))
    var rng = RandomGenerator(seed: 11)
    let result = try sampler.sample(
      ChainRequest(model: TrainedEnergy(energy: energy, parameters: [:]), count: 4000), using: &rng)
    expectGaussian(result.samples, mean: [1, -1], covariance: [1, 0.5, 0.5, 2], "langevin")
    #expect(result.acceptanceRate == nil)
  }

  @Test func malaAndHMCSampleAStronglyCorrelatedGaussian() throws {
    let covariance = [1, 0.95, 0.95, 1.0]
    let energy = try GaussianEnergy(mean: [0, 0], covariance: covariance)
    let model = TrainedEnergy(energy: energy, parameters: [:])
    var rng = RandomGenerator(seed: 12)
    var mala = MALASampler(steps: 1500, stepSize: 0.03, initialization: .normal(scale: 1))
    let m = try mala.sample(ChainRequest(model: model, count: 3000), using: &rng)
    expectGaussian(m.samples, mean: [0, 0], covariance: covariance, "mala")
    #expect(m.acceptanceRate! > 0.5 && m.acceptanceRate! < 1)
    var hmc = HMCSampler(steps: 150, leapfrogSteps: 10, stepSize: 0.1, mass: 1, metropolis: true, initialization: .normal(scale: 1))
    let h = try hmc.sample(ChainRequest(model: model, count: 3000), using: &rng)
    expectGaussian(h.samples, mean: [0, 0], covariance: covariance, "hmc")
    #expect(h.acceptanceRate! > 0.6)
  }

  @Test func malaAndHMCBalanceTheDoubleWell() throws {
    // All chains start in the left well; the exact answer puts half the mass in each.
    let model = TrainedEnergy(energy: DoubleWellEnergy(dimension: 2, barrier: 1), parameters: [:])
    let n = 2000
    let start = Tensor(shape: [n, 2], scalars: (0..<n).flatMap { _ in [Float(-1), 0] })
    var rng = RandomGenerator(seed: 13)
    var mala = MALASampler(steps: 3000, stepSize: 0.05, initialization: .uniform(scale: 4))
    var hmc = HMCSampler(steps: 400, leapfrogSteps: 10, stepSize: 0.15, mass: 1, metropolis: true, initialization: .uniform(scale: 4))
    let se = (0.25 / Double(n)).squareRoot()
    for (label, samples) in [
      ("mala", try mala.sample(ChainRequest(model: model, start: start, count: n), using: &rng).samples),
      ("hmc", try hmc.sample(ChainRequest(model: model, start: start, count: n), using: &rng).samples),
    ] {
      let right = stride(from: 0, to: 2 * n, by: 2).filter { samples.scalars[$0] > 0 }.count
      let share = Double(right) / Double(n)
      #expect(Swift.abs(share - 0.5) < 5 * se, "\(label): share in the right well \(share)")
      // The second coordinate is N(0, 1).
      let second = stride(from: 1, to: 2 * n, by: 2).map { Double(samples.scalars[$0]) }
      let variance = second.map { $0 * $0 }.reduce(0, +) / Double(n)
      #expect(Swift.abs(variance - 1) < 5 * (2.0 / Double(n)).squareRoot(), "\(label): Var x₂ \(variance)")
    }
  }

  @Test func hmcAcceptsNearlyEverythingWithASmallStep() throws {
    let model = TrainedEnergy(energy: try GaussianEnergy(mean: [0, 0], covariance: [1, 0, 0, 1]), parameters: [:])
    var hmc = HMCSampler(steps: 20, leapfrogSteps: 5, stepSize: 0.01, mass: 1, metropolis: true, initialization: .normal(scale: 1))
    var rng = RandomGenerator(seed: 14)
    let result = try hmc.sample(ChainRequest(model: model, count: 500), using: &rng)
    #expect(result.acceptanceRate! > 0.995)
  }

  @Test func replayBufferPersistsAndRestores() throws {
    let model = TrainedEnergy(energy: try GaussianEnergy(mean: [0, 0], covariance: [1, 0, 0, 1]), parameters: [:])
    var sampler = LangevinSampler(steps: 5, stepSize: 0.01, buffer: ReplayBuffer(capacity: 64, reinitialization: 0.05))
    #expect(sampler.persistentState.isEmpty)
    var rng = RandomGenerator(seed: 15)
    _ = try sampler.sample(ChainRequest(model: model, count: 16), using: &rng)
    let state = sampler.persistentState
    #expect(state["replay.buffer"]?.shape == [64, 2])
    var restored = LangevinSampler(steps: 5, stepSize: 0.01, buffer: ReplayBuffer(capacity: 64, reinitialization: 0.05))
    try restored.restorePersistentState(state)
    var a = rng
    var b = rng
    let x = try sampler.sample(ChainRequest(model: model, count: 16), using: &a).samples
    let y = try restored.sample(ChainRequest(model: model, count: 16), using: &b).samples
    #expect(x.scalars == y.scalars)
    var wrong = LangevinSampler(steps: 5, stepSize: 0.01, buffer: ReplayBuffer(capacity: 32, reinitialization: 0.05))
    #expect(throws: EBMError.self) { try wrong.restorePersistentState(state) }
  }

  @Test func stepSizeSchedulesReachTheirEnds() {
    #expect(StepSizeSchedule.geometric(final: 0.001).stepSize(base: 0.1, step: 9, of: 10) == 0.001.nextUp || Swift.abs(StepSizeSchedule.geometric(final: 0.001).stepSize(base: 0.1, step: 9, of: 10) - 0.001) < 1e-12)
    #expect(StepSizeSchedule.linear(final: 0).stepSize(base: 1, step: 5, of: 11) == 0.5)
    #expect(StepSizeSchedule.constant.stepSize(base: 0.3, step: 7, of: 10) == 0.3)
  }
}
