import Architectures
import EBMProtocols
import Foundation
import Samplers
import Tensors
import Testing
import _EBMTestSupport

/// Inference in LeCun's framework: exhaustive argmin, gradient descent, Gibbs probabilities.
@Suite struct LeCunInferenceTests {
  static func registry() -> Registry {
    var registry = Registry()
    SamplerRegistration.register(in: &registry)
    return registry
  }

  static let table = TrainedEnergy(
    energy: LeCunTableEnergy(labelCount: 3),
    parameters: ["e": Tensor(shape: [3, 3], scalars: [1.0, 0.5, 2.0, 0.4, 0.4, 0.2, 0.7, 0.7, 1.5])])

  @Test func exhaustiveArgminOverLabelsBreaksTiesTowardsTheLowestIndex() throws {
    let inference = try Self.registry().inference.make(ComponentReference("exhaustive"))
    var rng = RandomGenerator(seed: 0)
    let y = try inference.infer(Self.table, x: Tensor.zeros([3, 1]), initial: nil, using: &rng)
    #expect(y.scalars == [1, 2, 0])
  }

  /// E(x, y) = ‖y − G(x)‖² is convex in y with argmin G(x): gradient descent from 0 reaches it
  /// (each step multiplies the error by 1 − 2η = 0.8).
  @Test func gradientDescentReachesTheArgminOfAConvexEnergy() throws {
    let energy = RegressionEnergy(inputShape: [3], outputDimension: 2, hidden: [4])
    var rng = RandomGenerator(seed: 1)
    let model = TrainedEnergy(energy: energy, parameters: energy.initialParameters(using: &rng))
    let x = Tensor([[1, 0, 2], [0.5, -1, 0], [0, 0, 0]])
    let target = energy.prediction(x: x, parameters: model.parameters)
    let inference = try Self.registry().inference.make(
      ComponentReference("gradient-descent", options: ["steps": .int(100), "step-size": .double(0.1)]))
    let y = try inference.infer(model, x: x, initial: nil, using: &rng)
    #expect(y.shape == [3, 2])
    for i in 0..<6 { #expect(abs(y.scalars[i] - target.scalars[i]) < 1e-4) }
    // From an initial answer too.
    let fromInitial = try inference.infer(model, x: x, initial: Tensor(repeating: 3, shape: [3, 2]), using: &rng)
    for i in 0..<6 { #expect(abs(fromInitial.scalars[i] - target.scalars[i]) < 1e-4) }
  }

  @Test func exhaustiveGridFindsTheContinuousArgminToGridResolution() throws {
    let model = TrainedEnergy(energy: LeCunQuadraticEnergy(dimension: 1), parameters: ["s": Tensor(1)])
    let inference = ExhaustiveInference(lower: -1, upper: 1, points: 201)
    var rng = RandomGenerator(seed: 2)
    let y = try inference.infer(model, x: Tensor([[0.333], [-0.71]]), initial: nil, using: &rng)
    #expect(abs(y.scalars[0] - 0.333) <= 0.005 + 1e-6 && abs(y.scalars[1] + 0.71) <= 0.005 + 1e-6)
    #expect(throws: EBMError.self) {
      _ = try ExhaustiveInference(lower: -1, upper: 1, points: 2000).infer(
        TrainedEnergy(energy: LeCunQuadraticEnergy(dimension: 2), parameters: ["s": Tensor(1)]),
        x: Tensor([[0, 0]]), initial: nil, using: &rng)
    }
  }

  @Test(arguments: [0.5, 1.0, 4.0]) func gibbsProbabilitiesAreTheSoftmaxOfMinusBetaE(beta: Double) throws {
    let gibbs = GibbsInference(beta: Float(beta))
    let p = try gibbs.probabilities(Self.table, x: Tensor.zeros([3, 1]))
    let e = Self.table.parameters["e"]!.scalars.map(Double.init)
    for row in 0..<3 {
      let z = (0..<3).map { exp(-beta * e[row * 3 + $0]) }.reduce(0, +)
      for k in 0..<3 { #expect(abs(Double(p.scalars[row * 3 + k]) - exp(-beta * e[row * 3 + k]) / z) < 1e-6) }
    }
  }

  /// Draws follow the Gibbs probabilities (2000 draws of row 0: each frequency within 0.04, about
  /// four standard errors); the mode is the exhaustive argmin.
  @Test func gibbsDrawsFollowTheProbabilities() throws {
    let gibbs = GibbsInference(beta: 1)
    let x = Tensor.zeros([2000, 1])
    let model = TrainedEnergy(
      energy: LeCunTableEnergy(labelCount: 3),
      parameters: ["e": Tensor(shape: [2000, 3], scalars: Array((0..<2000).map { _ in [Float(1.0), 0.5, 2.0] }.joined()))])
    var rng = RandomGenerator(seed: 3)
    let draws = try gibbs.infer(model, x: x, initial: nil, using: &rng).scalars
    let z = exp(-1.0) + exp(-0.5) + exp(-2.0)
    for (k, e) in [1.0, 0.5, 2.0].enumerated() {
      let frequency = Double(draws.filter { Int($0) == k }.count) / 2000
      #expect(abs(frequency - exp(-e) / z) < 0.04)
    }
    let mode = try GibbsInference(beta: 1, mode: true).infer(Self.table, x: Tensor.zeros([3, 1]), initial: nil, using: &rng)
    #expect(mode.scalars == [1, 2, 0])
  }
}
