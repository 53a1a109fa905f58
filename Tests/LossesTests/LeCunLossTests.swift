import EBMProtocols
import Foundation
import Losses
import Tensors
import Testing
import _EBMTestSupport

/// LeCun et al.'s losses against hand computations on a 3-label example with three rows:
///
/// ```
/// row 0: E = [1.0, 0.5, 2.0], Yⁱ = 0  →  Ȳⁱ = 1,  (E(Yⁱ), E(Ȳⁱ)) = (1.0, 0.5)
/// row 1: E = [0.4, 0.4, 0.2], Yⁱ = 2  →  Ȳⁱ = 0 (tie between 0 and 1: the lowest index), (0.2, 0.4)
/// row 2: E = [0.7, 0.7, 1.5], Yⁱ = 1  →  Ȳⁱ = 0 (tie with the correct answer), (0.7, 0.7)
/// ```
/// The loss is the mean over the rows, so each row's gradient is divided by 3.
@Suite struct LeCunLossTests {
  static let energies: [Float] = [1.0, 0.5, 2.0, 0.4, 0.4, 0.2, 0.7, 0.7, 1.5]
  static let labels = [0, 2, 1]
  /// (correct, offending) column per row.
  static let columns = [(0, 1), (2, 0), (1, 0)]
  static let pairs: [(c: Double, o: Double)] = [(1.0, 0.5), (0.2, 0.4), (0.7, 0.7)]

  static func registry() -> Registry {
    var registry = Registry()
    LossRegistration.register(in: &registry)
    return registry
  }

  /// The loss value and its gradient with respect to the energy table.
  static func evaluate(_ name: String, options: [String: OptionValue] = [:], energies: [Float] = energies)
    throws -> (value: Double, gradient: [Float])
  {
    var objective = try registry().objectives.make(ComponentReference(name, options: options))
    let leaf = Tensor(shape: [3, 3], scalars: energies).requiringGradient()
    var context = LossContext(
      energy: LeCunTableEnergy(labelCount: 3), parameters: ["e": leaf],
      batch: Batch(x: Tensor.zeros([3, 1]), y: Tensor(labels.map(Float.init)), labels: labels), sampler: nil,
      rng: RandomGenerator(seed: 1), step: 0)
    let loss = try withGradients { try objective.loss(&context) }
    return (Double(loss.scalar), gradients(of: loss, at: [leaf])[0].scalars)
  }

  /// The expected gradient from per-row derivatives ∂L/∂E(Yⁱ) and ∂L/∂E(Ȳⁱ).
  static func expectedGradient(_ perRow: [(dc: Double, do: Double)]) -> [Double] {
    var g = [Double](repeating: 0, count: 9)
    for (row, d) in perRow.enumerated() {
      let (c, o) = columns[row]
      g[row * 3 + c] += d.dc / 3
      g[row * 3 + o] += d.do / 3
    }
    return g
  }

  static func check(_ name: String, options: [String: OptionValue] = [:], value: Double, gradient: [Double]) throws {
    let (v, g) = try evaluate(name, options: options)
    #expect(abs(v - value) < 1e-5, "\(name): value \(v), expected \(value)")
    for i in 0..<9 {
      #expect(abs(Double(g[i]) - gradient[i]) < 1e-5, "\(name): gradient[\(i)] \(g[i]), expected \(gradient[i])")
    }
  }

  static func sigmoid(_ u: Double) -> Double { 1 / (1 + exp(-u)) }

  @Test func mostOffendingLabelsBreakTiesTowardsTheLowestIndex() {
    #expect(MostOffendingLabels.indices(Self.energies, labels: Self.labels, labelCount: 3) == [1, 0, 0])
  }

  @Test func energyLoss() throws {
    try Self.check("energy", value: (1.0 + 0.2 + 0.7) / 3, gradient: Self.expectedGradient(Self.pairs.map { _ in (1, 0) }))
  }

  /// E(Yⁱ) − min_Y E(Y): row 0 pays 0.5; row 1 is correct; row 2 ties with the correct answer,
  /// which counts as correct (zero loss and zero gradient).
  @Test func perceptronLoss() throws {
    try Self.check("perceptron", value: 0.5 / 3, gradient: Self.expectedGradient([(1, -1), (0, 0), (0, 0)]))
  }

  @Test func hingeLoss() throws {
    // max(0, 1 + c − o) = 1.5, 0.8, 1.0; every row active.
    try Self.check("hinge", value: 3.3 / 3, gradient: Self.expectedGradient([(1, -1), (1, -1), (1, -1)]))
    // margin 0.1: row 0 (0.6) and row 2 (0.1) active, row 1 (−0.1) inactive.
    try Self.check(
      "hinge", options: ["margin": .double(0.1)], value: 0.7 / 3,
      gradient: Self.expectedGradient([(1, -1), (0, 0), (1, -1)]))
  }

  @Test func logLoss() throws {
    let values = Self.pairs.map { log(1 + exp($0.c - $0.o)) }
    let slopes = Self.pairs.map { Self.sigmoid($0.c - $0.o) }
    try Self.check(
      "log", value: values.reduce(0, +) / 3, gradient: Self.expectedGradient(slopes.map { ($0, -$0) }))
  }

  @Test func lvq2Loss() throws {
    // min(M, max(0, (c − o)/o)): row 0 gives 1.0 (active below M = 2), rows 1 and 2 give 0.
    // ∂/∂c = 1/o = 2, ∂/∂o = −c/o² = −4.
    try Self.check(
      "lvq2", options: ["saturation": .double(2)], value: 1.0 / 3,
      gradient: Self.expectedGradient([(2, -4), (0, 0), (0, 0)]))
    // Saturated at M = 0.5: value M, no gradient.
    try Self.check(
      "lvq2", options: ["saturation": .double(0.5)], value: 0.5 / 3, gradient: [Double](repeating: 0, count: 9))
  }

  @Test func mceLoss() throws {
    let values = Self.pairs.map { Self.sigmoid($0.c - $0.o) }
    try Self.check(
      "mce", value: values.reduce(0, +) / 3, gradient: Self.expectedGradient(values.map { ($0 * (1 - $0), -$0 * (1 - $0)) }))
  }

  @Test func squareSquareLoss() throws {
    // c² + max(0, 1 − o)²: 1 + 0.25, 0.04 + 0.36, 0.49 + 0.09.
    try Self.check(
      "square-square", value: 2.23 / 3,
      gradient: Self.expectedGradient(Self.pairs.map { (2 * $0.c, -2 * max(0, 1 - $0.o)) }))
    // margin 0.45: only row 1's offending energy (0.4) is inside it (0.05 short); rows 0 and 2 are beyond.
    try Self.check(
      "square-square", options: ["margin": .double(0.45)],
      value: Self.pairs.map { $0.c * $0.c + pow(max(0, 0.45 - $0.o), 2) }.reduce(0, +) / 3,
      gradient: Self.expectedGradient(Self.pairs.map { (2 * $0.c, -2 * max(0, 0.45 - $0.o)) }))
  }

  @Test func squareExponentialLoss() throws {
    let gamma = 0.5
    try Self.check(
      "square-exponential", options: ["gamma": .double(gamma)],
      value: Self.pairs.map { $0.c * $0.c + gamma * exp(-$0.o) }.reduce(0, +) / 3,
      gradient: Self.expectedGradient(Self.pairs.map { (2 * $0.c, -gamma * exp(-$0.o)) }))
  }

  /// E(Yⁱ) + (1/β) log Σ exp(−β E) = −(1/β) log softmax(−β E)[Yⁱ]; gradient (onehot − softmax)/3.
  @Test(arguments: [0.5, 1.0, 3.0]) func nllAgainstLogSoftmax(beta: Double) throws {
    let (v, g) = try Self.evaluate("nll", options: ["beta": .double(beta)])
    let table = Tensor(shape: [3, 3], scalars: Self.energies)
    let logSoftmax = (table * Float(-beta)).logSoftmax(alongAxis: 1).gather(columns: Self.labels).scalars
    let expected = -logSoftmax.map(Double.init).reduce(0, +) / (3 * beta)
    #expect(abs(v - expected) < 1e-5)
    for row in 0..<3 {
      let e = (0..<3).map { Double(Self.energies[row * 3 + $0]) }
      let z = e.map { exp(-beta * $0) }.reduce(0, +)
      for k in 0..<3 {
        let p = exp(-beta * e[k]) / z
        let expectedGradient = ((k == Self.labels[row] ? 1 : 0) - p) / 3
        #expect(abs(Double(g[row * 3 + k]) - expectedGradient) < 1e-5)
      }
    }
  }

  /// Every smooth loss's autodiff gradient agrees with finite differences away from kinks.
  @Test(arguments: ["log", "mce", "square-exponential", "nll", "energy"]) func gradientsMatchFiniteDifferences(name: String) throws {
    let energies: [Float] = [1.3, 0.2, 2.0, 0.9, 0.1, 0.6, 0.5, 0.8, 1.7]
    let (_, analytic) = try Self.evaluate(name, energies: energies)
    for i in 0..<9 {
      var plus = energies
      plus[i] += 1e-2
      var minus = energies
      minus[i] -= 1e-2
      let numeric = (try Self.evaluate(name, energies: plus).value - Self.evaluate(name, energies: minus).value) / 2e-2
      #expect(abs(Double(analytic[i]) - numeric) < 2e-3, "\(name) element \(i)")
    }
  }

  /// Continuous Y: with E(x, y) = ‖y − x‖² and targets Yⁱ = x, the lowest-energy answer outside
  /// the ε-ball lies on its surface, so E(Ȳⁱ) = ε² and the hinge loss is m − ε².
  @Test func mostOffendingAnswerForContinuousY() throws {
    let x = Tensor([[0.5, -1.0], [2.0, 0.25]])
    let model = TrainedEnergy(energy: LeCunQuadraticEnergy(dimension: 2), parameters: ["s": Tensor(1)])
    var rng = RandomGenerator(seed: 3)
    let search = MostOffendingSearch(epsilon: 0.3, steps: 30, stepSize: 0.1, restarts: 3)
    let ybar = search.offending(model: model, x: x, target: x, using: &rng)
    for b in 0..<2 {
      let d = (0..<2).map { ybar.scalars[b * 2 + $0] - x.scalars[b * 2 + $0] }
      #expect(abs((d[0] * d[0] + d[1] * d[1]).squareRoot() - 0.3) < 1e-4)
    }
    var objective = try Self.registry().objectives.make(
      ComponentReference("hinge", options: ["epsilon": .double(0.3), "margin": .double(1)]))
    var context = LossContext(
      energy: LeCunQuadraticEnergy(dimension: 2), parameters: ["s": Tensor(1).requiringGradient()],
      batch: Batch(x: x, y: x), sampler: nil, rng: RandomGenerator(seed: 4), step: 0)
    let loss = try withGradients { try objective.loss(&context) }
    #expect(abs(loss.scalar - (1 - 0.09)) < 1e-4)
  }

  @Test func nllRejectsContinuousY() throws {
    let objective = try Self.registry().objectives.make(ComponentReference("nll"))
    #expect(!objective.supportedFamilies.contains(.conditional))
    #expect(objective.supportedFamilies.contains(.discrete))
  }

  @Test func discreteBatchesWithoutLabelsAreRejected() throws {
    var objective = try Self.registry().objectives.make(ComponentReference("hinge"))
    var context = LossContext(
      energy: LeCunTableEnergy(labelCount: 3), parameters: ["e": Tensor(shape: [3, 3], scalars: Self.energies)],
      batch: Batch(x: Tensor.zeros([3, 1]), y: Tensor.zeros([3])), sampler: nil, rng: RandomGenerator(seed: 1), step: 0)
    #expect(throws: EBMError.self) { try objective.loss(&context) }
  }
}
