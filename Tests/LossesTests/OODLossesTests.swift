import Foundation
import Testing
import Architectures
import EBMProtocols
import Losses
import Tensors

/// A linear classifier (depth 0) with W = I, b = 0: logits f(x) = x, so examples are written
/// directly as their logits.
private let classifier = MLPClassifier(inputShape: [2], labelCount: 2, width: 1, depth: 0)
private func parameters(_ w: Tensor = Tensor([[1, 0], [0, 1]]), _ b: Tensor = Tensor([0, 0])) -> ParameterSet {
  ["layers.0.weight": w, "layers.0.bias": b]
}
private let inliers = Tensor([[2, 0]])
private let labels = [0]
private let outliers = Tensor([[0, 0], [0, 3]])

private func context(_ p: ParameterSet) -> LossContext {
  LossContext(
    energy: classifier, parameters: p, batch: Batch(x: inliers, y: Tensor([0]), labels: labels, outliers: outliers),
    sampler: nil, rng: RandomGenerator(seed: 0), step: 0)
}

// Hand formulas in Double, written independently of the library's tensor code.
private func lse(_ v: [Double]) -> Double { Foundation.log(v.map { Foundation.exp($0) }.reduce(0, +)) }
private func softmax(_ v: [Double]) -> [Double] { v.map { Foundation.exp($0 - lse(v)) } }
private func relu(_ v: Double) -> Double { max(v, 0) }

@Suite struct OODLossesTests {
  @Test func crossEntropyMatchesHandComputation() throws {
    var objective = NegativeLogLikelihood()
    var c = context(parameters())
    let loss = try withGradients { try objective.loss(&c) }
    #expect(Swift.abs(Double(loss.scalar) - (lse([2, 0]) - 2)) < 1e-5)
  }

  @Test func outlierExposureMatchesHandComputation() throws {
    var objective = OutlierExposureObjective(lambda: 0.5)
    var c = context(parameters())
    let loss = try objective.loss(&c)
    let uniformCE = ((lse([0, 0]) - 0) + (lse([0, 3]) - 1.5)) / 2
    #expect(Swift.abs(Double(loss.scalar) - ((lse([2, 0]) - 2) + 0.5 * uniformCE)) < 1e-5)
  }

  @Test func energyOEMatchesHandComputation() throws {
    var objective = EnergyOutlierObjective(weight: 0.1, inlierMargin: -3, outlierMargin: -1)
    var c = context(parameters())
    let loss = try objective.loss(&c)
    let inHinge = pow(relu(-lse([2, 0]) + 3), 2)
    let outHinge = (pow(relu(-1 + lse([0, 0])), 2) + pow(relu(-1 + lse([0, 3])), 2)) / 2
    #expect(Swift.abs(Double(loss.scalar) - ((lse([2, 0]) - 2) + 0.1 * (inHinge + outHinge))) < 1e-5)
  }

  /// The balanced loss on one inlier and two outliers with P_γ = (0.7, 0.3), α = 2.
  @Test func balancedLossMatchesHandComputationAndFiniteDifferences() throws {
    var objective = BalancedEnergyObjective(gamma: 0.75, alpha: 2, weight: 0.1, inlierMargin: -3, outlierMargin: -1)
    try objective.restorePersistentState(["prior": Tensor([0.7, 0.3])])
    var c = context(parameters())
    let loss = try objective.loss(&c)

    let prior = [0.7, 0.3]
    var weighted = 0.0
    var zSum = 0.0
    for logits in [[0.0, 0.0], [0.0, 3.0]] {
      let p = softmax(logits)
      let z = p[0] * prior[0] + p[1] * prior[1]
      let energy = -lse(logits)
      weighted += pow(relu(-1 + 2 * z - energy), 2) * z
      zSum += z
    }
    let expected = (lse([2, 0]) - 2) + 0.1 * (pow(relu(-lse([2, 0]) + 3), 2) + weighted / zSum)
    #expect(Swift.abs(expected - 0.513594) < 1e-5)  // the same numbers worked on paper
    #expect(Swift.abs(Double(loss.scalar) - expected) < 1e-5)

    let w = Tensor([[1.0, 0.2], [-0.3, 0.8]])
    let b = Tensor([0.1, -0.2])
    let check = GradientChecker.check(at: [w, b], epsilon: 1e-2, absoluteTolerance: 2e-3, relativeTolerance: 1e-2) { inputs in
      var o = objective
      var ctx = context(parameters(inputs[0], inputs[1]))
      return try! o.loss(&ctx)
    }
    #expect(check.passed, "\(check)")
  }

  @Test func weightOnlyVariantIsAlphaZero() throws {
    var balanced = BalancedEnergyObjective(gamma: 0.75, alpha: 0, weight: 0.1, inlierMargin: -3, outlierMargin: -1)
    try balanced.restorePersistentState(["prior": Tensor([0.5, 0.5])])
    var energyOE = EnergyOutlierObjective(weight: 0.1, inlierMargin: -3, outlierMargin: -1)
    var c1 = context(parameters())
    var c2 = context(parameters())
    // A uniform prior gives Z = 0.5 for every outlier: the weighted mean is the plain mean.
    #expect(Swift.abs(try balanced.loss(&c1).scalar - (try energyOE.loss(&c2).scalar)) < 1e-5)
  }

  @Test func priorComesFromArgmaxCountsOnTheOutliers() throws {
    #expect(BalancedEnergyObjective.sharpenedPrior(counts: [3, 1], gamma: 1) == [0.75, 0.25])
    let sharpened = BalancedEnergyObjective.sharpenedPrior(counts: [3, 1], gamma: 0.5)
    let a = Foundation.sqrt(0.75)
    let b = Foundation.sqrt(0.25)
    #expect(Swift.abs(Double(sharpened[0]) - a / (a + b)) < 1e-6)
    #expect(Swift.abs(Double(sharpened[1]) - b / (a + b)) < 1e-6)
    #expect(BalancedEnergyObjective.sharpenedPrior(counts: [4, 0], gamma: 0.75) == [1, 0])

    // Three outliers predicted as class 0, one as class 1.
    let aux = Dataset(x: Tensor([[3, 0], [2, 1], [5, -1], [0, 4]]), labels: [0, 0, 0, 0])
    let data = TaskData(train: aux, test: aux, outliers: aux)
    var objective = BalancedEnergyObjective(gamma: 1)
    try objective.prepare(
      PreparationContext(model: TrainedEnergy(energy: classifier, parameters: parameters()), data: data, rng: RandomGenerator(seed: 1)))
    #expect(objective.prior == [0.75, 0.25])
  }

  @Test func registeredWithTheIssueDefaults() throws {
    var registry = Registry()
    LossRegistration.register(in: &registry)
    for name in ["cross-entropy", "oe", "energy-oe", "balanced", "balanced-weight-only"] {
      #expect(registry.objectives.contains(name))
    }
    let balanced = try #require(try registry.objectives.make(ComponentReference("balanced")) as? BalancedEnergyObjective)
    #expect(balanced.gamma == 0.75 && balanced.alpha == 6 && balanced.weight == Float(0.1))
    #expect(balanced.inlierMargin == -18 && balanced.outlierMargin == -3)
    let weightOnly = try #require(try registry.objectives.make(ComponentReference("balanced-weight-only")) as? BalancedEnergyObjective)
    #expect(weightOnly.alpha == 0)
    let oe = try #require(try registry.objectives.make(ComponentReference("oe")) as? OutlierExposureObjective)
    #expect(oe.lambda == 0.5)
  }
}
