import EBMProtocols
import Foundation
import Samplers
import Tensors
import Testing

/// A conditional quadratic energy E = (y − 2x)² whose mode is y* = 2x.
struct RegressionQuadraticEnergy: EnergyFunction {
  var kind: EnergyKind { .conditional(inputShape: [1], outputDimension: 1) }
  func initialParameters(using rng: inout RandomGenerator) -> ParameterSet { [:] }
  func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    let b = y.shape[0]
    let m = y.shape[1]
    return (y.reshaped([b, m]) - x!.reshaped([b, 1]) * 2).squared()
  }
}

@Suite struct RegressionInferenceTests {
  let model = TrainedEnergy(energy: RegressionQuadraticEnergy(), parameters: [:])
  let x = Tensor([[0.5], [-1.0], [0.25]])

  @Test func gradientAscentReachesTheMode() throws {
    var rng = RandomGenerator(seed: 0)
    let inference = GradientAscentInference(steps: 50, stepLength: 0.1, decay: 0.5)
    let y = try inference.infer(model, x: x, initial: Tensor([[0.0], [0.0], [3.0]]), using: &rng)
    for (value, target) in zip(y.scalars, [1.0, -2.0, 0.5] as [Float]) { #expect(abs(value - target) < 1e-3) }
  }

  @Test func gradientAscentNeverIncreasesTheEnergy() throws {
    var rng = RandomGenerator(seed: 0)
    // A step length far too large: every step would overshoot, so λ decays and E never rises.
    let inference = GradientAscentInference(steps: 20, stepLength: 5, decay: 0.5)
    let initial = Tensor([[0.8], [-1.5], [0.0]])
    let y = try inference.infer(model, x: x, initial: initial, using: &rng)
    let before = model(x: x, y: initial.reshaped([3, 1, 1])).scalars
    let after = model(x: x, y: y.reshaped([3, 1, 1])).scalars
    for (a, b) in zip(after, before) { #expect(a <= b) }
  }

  @Test func gridModeFindsTheMinimum() throws {
    var rng = RandomGenerator(seed: 0)
    let y = try GridModeInference(low: -3, high: 3, count: 601).infer(model, x: x, initial: nil, using: &rng)
    for (value, target) in zip(y.scalars, [1.0, -2.0, 0.5] as [Float]) { #expect(abs(value - target) < 0.006) }
  }
}
