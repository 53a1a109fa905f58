import EBMProtocols
import Foundation
import Samplers
import Tensors
import Testing

/// The regression proposals and inference methods against closed forms.
@Suite struct RegressionProposalTests {
  func mixtureDensity(_ offset: [Double], stds: [Double]) -> Double {
    let d = Double(offset.count)
    let squared = offset.reduce(0) { $0 + $1 * $1 }
    return stds.map { s in Foundation.exp(-0.5 * squared / (s * s)) / Foundation.pow(s * (2 * Double.pi).squareRoot(), d) }
      .reduce(0, +) / Double(stds.count)
  }

  @Test func mixtureLogDensityMatchesClosedForm() {
    let gmm = GaussianMixtureProposal(stds: [0.1, 0.8])
    for offset in [[0.0], [0.05], [-0.3], [1.7], [4.0]] {
      let ours = Double(gmm.logDensity(offsets: offset.map(Float.init), dimension: 1)[0])
      #expect(abs(ours - Foundation.log(mixtureDensity(offset, stds: [0.1, 0.8]))) < 1e-5)
    }
    let twoD = GaussianMixtureProposal(stds: [0.2, 1.6, 0.5])
    let ours = Double(twoD.logDensity(offsets: [0.3, -0.4], dimension: 2)[0])
    #expect(abs(ours - Foundation.log(mixtureDensity([0.3, -0.4], stds: [0.2, 1.6, 0.5]))) < 1e-5)
    // Far in the tail, the stable log-sum-exp stays finite where the density underflows.
    let tail = gmm.logDensity(offsets: [60], dimension: 1)[0]
    #expect(tail.isFinite && abs(Double(tail) - (-0.5 * 3600 / 0.64 - Foundation.log(0.8 * (2 * Double.pi).squareRoot()) - Foundation.log(2))) < 1e-2)
  }

  @Test func mixtureSamplesHaveTheMixtureMoments() throws {
    var gmm = GaussianMixtureProposal(stds: [0.2, 1.6], perExample: true)
    var rng = RandomGenerator(seed: 1)
    let center = Tensor([[1.0], [-2.0]])
    let result = try gmm.propose(.around(center, count: 20_000), using: &rng)
    #expect(result.samples.shape == [2, 20_000, 1])
    #expect(result.logDensity.shape == [2, 20_000])
    let first = result.samples.slice(alongAxis: 0, 0..<1).scalars.map { Double($0) - 1 }
    let mean = first.reduce(0, +) / Double(first.count)
    let variance = first.reduce(0) { $0 + $1 * $1 } / Double(first.count)
    // Var = (0.2² + 1.6²)/2 = 1.30; standard error of the variance ≈ 0.02.
    #expect(abs(mean) < 0.03)
    #expect(abs(variance - 1.30) < 0.08)
    // The returned log q is the density of the returned samples.
    let again = result.logDensity(of: result.samples)
    #expect(zip(again.scalars, result.logDensity.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
  }

  @Test func sharedOffsetsAreTheSameForEveryExample() throws {
    var gmm = GaussianMixtureProposal(stds: [0.1, 0.8])
    var rng = RandomGenerator(seed: 2)
    let center = Tensor([[0.5], [-1.0], [2.0]])
    let samples = try gmm.propose(.around(center, count: 16), using: &rng).samples
    for i in 1..<3 {
      for m in 0..<16 {
        let a = samples.scalars[m] - center.scalars[0]
        let b = samples.scalars[i * 16 + m] - center.scalars[i]
        #expect(abs(a - b) < 1e-5)
      }
    }
  }

  @Test func gaussianFitsMeanAndCovarianceOfUnconditionalData() throws {
    var rng = RandomGenerator(seed: 4)
    let n = 20_000
    var values = [Float](repeating: 0, count: n * 2)
    for i in 0..<n {
      let a = rng.nextNormal()
      let b = rng.nextNormal()
      values[i * 2] = 1 + 2 * a
      values[i * 2 + 1] = -1 + 0.5 * a + 0.5 * b
    }
    var gaussian = GaussianProposal()
    try gaussian.prepare(data: Dataset(x: nil, y: Tensor(shape: [n, 2], scalars: values)))
    let mu = gaussian.mean!
    #expect(abs(mu[0] - 1) < 0.05 && abs(mu[1] + 1) < 0.02)
    // Σ = [[4, 1], [1, 0.5]]: log N(y; μ, Σ) at y = μ + (1, 0) is −½·(1, 0)Σ⁻¹(1, 0)ᵀ − ½ log det(2πΣ).
    let point = Tensor([[Float(mu[0]) + 1, Float(mu[1])]])
    let logQ = Double(gaussian.logDensity(of: point, for: .unconditional(count: 1, dimension: 2)).scalar)
    let expected = -0.5 * (0.5 / 1.0) - 0.5 * Foundation.log(4 * Double.pi * Double.pi * 1.0)
    #expect(abs(logQ - expected) < 0.05)
    // Draws from the fitted Gaussian have its mean.
    let draws = try gaussian.propose(.unconditional(count: 10_000, dimension: 2), using: &rng)
    let firsts = stride(from: 0, to: 20_000, by: 2).map { Double(draws.samples.scalars[$0]) }
    #expect(abs(firsts.reduce(0, +) / 10_000 - 1) < 0.1)
  }
}
