import EBMProtocols
import Foundation
import Tasks
import Tensors
import Testing

/// E(x, y) = (y − sin x)² / (2 s²): a Gaussian p(y | x) = N(sin x, s²).
struct RegressionSineGaussianEnergy: EnergyFunction {
  var s: Float
  var kind: EnergyKind { .conditional(inputShape: [1], outputDimension: 1) }
  func initialParameters(using rng: inout RandomGenerator) -> ParameterSet { [:] }
  func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    let b = y.shape[0]
    let m = y.shape[1]
    let mean = Tensor(x!.scalars.map { Float(Foundation.sin(Double($0))) }).reshaped([b, 1])
    return (y.reshaped([b, m]) - mean).squared() * (1 / (2 * s * s))
  }
}

@Suite struct RegressionTaskTests {
  /// Dataset 2 is Gaussian, so KL(N(sin x, σ(x)²) ‖ N(sin x, s²)) = log(s/σ) + σ²/(2s²) − ½
  /// per x; the grid metric must reproduce its mean over the x grid.
  @Test func klMetricMatchesTwoGaussianClosedForm() {
    let xs = Tensor.linspace(-3, 3, count: 64).scalars
    let ys = Tensor.linspace(-3, 3, count: 2048).scalars
    for s in [0.2, 0.05] as [Float] {
      let model = TrainedEnergy(energy: RegressionSineGaussianEnergy(s: s), parameters: [:])
      let grid = ConditionalDensityGrid(model: model, xs: xs, ys: ys)
      let kl = RegressionKL.divergence(grid: grid, trueDensity: Regression1DDataset.two.density)
      var expected = 0.0
      for x in xs {
        let sigma = 0.15 / (1 + Foundation.exp(-Double(x)))
        let sd = Double(s)
        expected += Foundation.log(sd / sigma) + sigma * sigma / (2 * sd * sd) - 0.5
      }
      expected /= Double(xs.count)
      #expect(abs(kl - expected) < 2e-3 * expected, "s \(s): KL \(kl) vs closed form \(expected)")
    }
  }

  @Test func datasetsFollowTheirDensities() {
    var rng = RandomGenerator(seed: 0)
    let (x, y) = Regression1DDataset.two.sample(count: 20_000, using: &rng)
    // Standardised residuals of dataset 2 are N(0, 1).
    var squares = 0.0
    for (xv, yv) in zip(x, y) {
      let scale: Double = 0.15 / (1 + Foundation.exp(-Double(xv)))
      let z: Double = (Double(yv) - Foundation.sin(Double(xv))) / scale
      squares += z * z
    }
    let variance = squares / Double(x.count)
    #expect(abs(variance - 1) < 0.05)
    #expect(x.allSatisfy { $0 >= -3 && $0 <= 3 })
    // Dataset 1 at x ≥ 0 is LogNormal(0, 0.25) − 1: log(y + 1) has mean 0 and std 0.25.
    let (x1, y1) = Regression1DDataset.one.sample(count: 20_000, using: &rng)
    var logs: [Double] = []
    for (xv, yv) in zip(x1, y1) where xv >= 0 { logs.append(Foundation.log(Double(yv) + 1)) }
    let mean = logs.reduce(0, +) / Double(logs.count)
    var spread = 0.0
    for v in logs { spread += (v - mean) * (v - mean) }
    let std = (spread / Double(logs.count)).squareRoot()
    #expect(abs(mean) < 0.01 && abs(std - 0.25) < 0.01)
    // The true density integrates to one over y.
    for xv in [-2.0, -0.5, 0.5, 2.5] {
      var integral = 0.0
      for yv in stride(from: -3.0, through: 3.0, by: 0.001) { integral += Regression1DDataset.one.density(x: xv, y: yv) * 0.001 }
      #expect(abs(integral - 1) < 2e-3, "x \(xv): ∫p = \(integral)")
    }
  }
}
