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

/// E(y) = 100 (y₀ − 1)² + (y₁ + 2)², as a conditional energy without x: y `[B, M, 2]` → `[B, M]`.
struct AnisotropicQuadraticEnergy: EnergyFunction {
  var kind: EnergyKind { .conditional(inputShape: [1], outputDimension: 2) }
  func initialParameters(using rng: inout RandomGenerator) -> ParameterSet { [:] }
  func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    let (b, m) = (y.shape[0], y.shape[1])
    let weights = Tensor(shape: [1, 1, 2], scalars: [100, 1])
    let centre = Tensor(shape: [1, 1, 2], scalars: [1, -2])
    return ((y - centre).squared() * weights).sum(alongAxis: 2).reshaped([b, m])
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

  /// E = Σⱼ aⱼ (yⱼ − cⱼ)² with very different curvatures: one step length for all coordinates
  /// either overshoots the stiff one or crawls on the flat one; per-coordinate λ = 1/(2aⱼ)
  /// (the Newton step) lands on the minimum in one step.
  @Test func perCoordinateStepLengths() throws {
    var rng = RandomGenerator(seed: 0)
    let model = TrainedEnergy(energy: AnisotropicQuadraticEnergy(), parameters: [:])
    let initial = Tensor(shape: [1, 2], scalars: [0, 0])
    let newton = GradientAscentInference(steps: 1, stepLengths: [1.0 / 200, 1.0 / 2], decay: 0.5)
    let y = try newton.infer(model, x: nil, initial: initial, using: &rng)
    #expect(abs(y.scalars[0] - 1) < 1e-5 && abs(y.scalars[1] + 2) < 1e-5)
    // One shared λ = 1/200 barely moves the flat coordinate in one step: 1/100 of the way.
    let shared = try GradientAscentInference(steps: 1, stepLength: 1.0 / 200).infer(model, x: nil, initial: initial, using: &rng)
    #expect(abs(shared.scalars[1] + 0.02) < 1e-5)
    // The wrong number of step lengths is a usage error.
    #expect(throws: EBMError.self) {
      _ = try GradientAscentInference(steps: 1, stepLengths: [1, 1, 1]).infer(model, x: nil, initial: initial, using: &rng)
    }
  }

  /// Scaling the step lengths by ½ turns the Newton step (λ = 1/(2aⱼ)) into half of it: each
  /// coordinate lands halfway to the minimum (1, −2); T, η and the averaging are kept.
  @Test func scalingStepLengths() throws {
    var rng = RandomGenerator(seed: 0)
    let model = TrainedEnergy(energy: AnisotropicQuadraticEnergy(), parameters: [:])
    let newton = GradientAscentInference(steps: 1, stepLengths: [1.0 / 200, 1.0 / 2], decay: 0.25, averagedStarts: 1)
    let half = newton.scalingStepLengths(by: 0.5)
    #expect(half.stepLengths == [1.0 / 400, 1.0 / 4] && half.steps == 1 && half.decay == 0.25)
    let y = try half.infer(model, x: nil, initial: Tensor(shape: [1, 2], scalars: [0, 0]), using: &rng)
    #expect(abs(y.scalars[0] - 0.5) < 1e-5 && abs(y.scalars[1] + 1) < 1e-5)
  }

  /// A step that raises E is undone and only that start's λ halves: from y = 0 with λ = 1 on
  /// E = 100 (y₀ − 1)², the first step goes to 200 (E rises) and is undone, λ = ½ goes to 100,
  /// … until λ = 2⁻⁷: y₀ = 200/128 = 1.5625 (E 31.6 < 100), accepted.
  @Test func backtrackingByHand() throws {
    let model = TrainedEnergy(energy: AnisotropicQuadraticEnergy(), parameters: [:])
    let inference = GradientAscentInference(steps: 8, stepLengths: [1, 1e-9], decay: 0.5)
    let refined = inference.refine(model, x: nil, starts: Tensor(shape: [1, 1, 2], scalars: [0, -2]))
    #expect(abs(refined.y[0] - 1.5625) < 1e-6)
    #expect(abs(refined.energies[0] - 100 * 0.5625 * 0.5625) < 1e-3)
  }

  /// Several starts per example: each is refined on its own and the k lowest-energy ones averaged.
  @Test func severalStartsAverageTheBest() throws {
    var rng = RandomGenerator(seed: 0)
    let model = TrainedEnergy(energy: AnisotropicQuadraticEnergy(), parameters: [:])
    // Starts at distance 0, 0.1, 3 from the minimum (1, −2); no step is taken (T = 0).
    let starts = Tensor(shape: [1, 3, 2], scalars: [4, -2, 1, -2, 1.1, -2])
    let best = try GradientAscentInference(steps: 0, stepLength: 1).infer(model, x: nil, initial: starts, using: &rng)
    #expect(best.shape == [1, 2] && best.scalars == [1, -2])
    let two = try GradientAscentInference(steps: 0, stepLength: 1, averagedStarts: 2)
      .infer(model, x: nil, initial: starts, using: &rng)
    #expect(abs(two.scalars[0] - 1.05) < 1e-6 && two.scalars[1] == -2)
    #expect(throws: EBMError.self) {
      _ = try GradientAscentInference(steps: 0, stepLength: 1, averagedStarts: 4).infer(model, x: nil, initial: starts, using: &rng)
    }
  }

  @Test func exhaustiveGridFindsTheMinimum() throws {
    var rng = RandomGenerator(seed: 0)
    let y = try ExhaustiveInference(lower: -3, upper: 3, points: 601).infer(model, x: x, initial: nil, using: &rng)
    for (value, target) in zip(y.scalars, [1.0, -2.0, 0.5] as [Float]) { #expect(abs(value - target) < 0.006) }
  }
}
