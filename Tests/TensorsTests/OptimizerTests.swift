import Foundation
import Testing

@testable import Tensors

@Suite struct OptimizerTests {
  /// Applies `gradients[k]` at step k to a one-element parameter "w" starting at `start`, and
  /// returns the parameter after each step.
  private func run(
    _ optimizer: inout some Optimizer, from start: Float, gradients: [Float]
  ) -> [Double] {
    var parameters = ["w": Tensor([start])]
    var trajectory = [Double]()
    for g in gradients {
      optimizer.update(&parameters, along: ["w": Tensor([g])])
      trajectory.append(Double(parameters["w"]?.scalars[0] ?? .nan))
    }
    return trajectory
  }

  private func expectClose(
    _ actual: [Double], _ expected: [Double], tolerance: Double = 1e-6,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (a, e) in zip(actual, expected) {
      #expect(abs(a - e) < tolerance, "got \(a), expected \(e)", sourceLocation: sourceLocation)
    }
  }

  // MARK: SGD

  @Test func plainSGD() throws {
    var sgd = try SGD(learningRate: 0.1)
    let got = run(&sgd, from: 1, gradients: [1, 0.5, -0.25])
    let p1 = 1.0 - 0.1 * 1  // 0.9
    let p2 = p1 - 0.1 * 0.5  // 0.85
    let p3 = p2 - 0.1 * -0.25  // 0.875
    expectClose(got, [p1, p2, p3])
    #expect(sgd.state.slots.isEmpty)
    #expect(sgd.state.step == 3)
  }

  @Test func sgdWithMomentum() throws {
    var sgd = try SGD(learningRate: 0.1, momentum: 0.9)
    let got = run(&sgd, from: 1, gradients: [1, 0.5, -0.25])
    let b1 = 1.0  // first step: b = g
    let p1 = 1.0 - 0.1 * b1  // 0.9
    let b2 = 0.9 * b1 + 0.5  // 1.4
    let p2 = p1 - 0.1 * b2  // 0.76
    let b3 = 0.9 * b2 + -0.25  // 1.01
    let p3 = p2 - 0.1 * b3  // 0.659
    expectClose(got, [p1, p2, p3])
    #expect(abs(Double(sgd.state.slots["momentum/w"]?.scalars[0] ?? 0) - b3) < 1e-6)
  }

  @Test func sgdWithNesterovMomentum() throws {
    var sgd = try SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
    let got = run(&sgd, from: 1, gradients: [1, 0.5, -0.25])
    let b1 = 1.0
    let p1 = 1.0 - 0.1 * (1 + 0.9 * b1)  // 0.81
    let b2 = 0.9 * b1 + 0.5  // 1.4
    let p2 = p1 - 0.1 * (0.5 + 0.9 * b2)  // 0.634
    let b3 = 0.9 * b2 + -0.25  // 1.01
    let p3 = p2 - 0.1 * (-0.25 + 0.9 * b3)  // 0.5681
    expectClose(got, [p1, p2, p3])
  }

  @Test func sgdWithDampening() throws {
    var sgd = try SGD(learningRate: 0.1, momentum: 0.9, dampening: 0.5)
    let got = run(&sgd, from: 1, gradients: [1, 0.5])
    let b1 = 1.0  // the first step ignores dampening, as in PyTorch
    let p1 = 1.0 - 0.1 * b1
    let b2 = 0.9 * b1 + (1 - 0.5) * 0.5  // 1.15
    let p2 = p1 - 0.1 * b2
    expectClose(got, [p1, p2])
  }

  @Test func sgdWithCoupledWeightDecay() throws {
    var sgd = try SGD(learningRate: 0.1, weightDecay: 0.1)
    let got = run(&sgd, from: 1, gradients: [1, 0.5])
    let p1 = 1.0 - 0.1 * (1 + 0.1 * 1.0)  // 0.89
    let p2 = p1 - 0.1 * (0.5 + 0.1 * p1)  // 0.8311
    expectClose(got, [p1, p2])
  }

  @Test func sgdUpdatesEveryElementAndSkipsParametersWithoutGradients() throws {
    var sgd = try SGD(learningRate: 0.5)
    var parameters = ["a": Tensor([[1, 2], [3, 4]]), "frozen": Tensor([7])]
    sgd.update(&parameters, along: ["a": Tensor([[2, 0], [-2, 1]])])
    #expect(parameters["a"]?.scalars == [0, 2, 4, 3.5])
    #expect(parameters["a"]?.shape == [2, 2])
    #expect(parameters["frozen"]?.scalars == [7])
  }

  // MARK: Adam and AdamW

  @Test func adamThreeSteps() throws {
    var adam = try Adam(learningRate: 0.1)
    let got = run(&adam, from: 1, gradients: [1, 0.5, -0.25])
    let (b1, b2, eps, lr) = (0.9, 0.999, 1e-8, 0.1)
    // Step 1, g = 1.
    let m1 = (1 - b1) * 1  // 0.1
    let v1 = (1 - b2) * 1 * 1  // 0.001
    let p1 = 1 - lr * (m1 / (1 - b1)) / ((v1 / (1 - b2)).squareRoot() + eps)  // ≈ 0.9
    // Step 2, g = 0.5.
    let m2 = b1 * m1 + (1 - b1) * 0.5  // 0.14
    let v2 = b2 * v1 + (1 - b2) * 0.25  // 0.001249
    let p2 = p1 - lr * (m2 / (1 - b1 * b1)) / ((v2 / (1 - b2 * b2)).squareRoot() + eps)
    // Step 3, g = −0.25.
    let m3 = b1 * m2 + (1 - b1) * -0.25  // 0.101
    let v3 = b2 * v2 + (1 - b2) * 0.0625  // 0.001310251
    let p3 =
      p2 - lr * (m3 / (1 - b1 * b1 * b1)) / ((v3 / (1 - b2 * b2 * b2)).squareRoot() + eps)
    expectClose(got, [p1, p2, p3])
    let state = adam.state
    #expect(abs(Double(state.slots["m/w"]?.scalars[0] ?? 0) - m3) < 1e-7)
    #expect(abs(Double(state.slots["v/w"]?.scalars[0] ?? 0) - v3) < 1e-9)
    #expect(state.slots["step/w"]?.scalars == [3])
  }

  @Test func adamWithL2WeightDecay() throws {
    var adam = try Adam(learningRate: 0.1, weightDecay: 0.1)
    let got = run(&adam, from: 1, gradients: [1, 0.5])
    let (b1, b2, eps, lr, wd) = (0.9, 0.999, 1e-8, 0.1, 0.1)
    let g1 = 1 + wd * 1.0  // 1.1
    let m1 = (1 - b1) * g1
    let v1 = (1 - b2) * g1 * g1
    let p1 = 1 - lr * (m1 / (1 - b1)) / ((v1 / (1 - b2)).squareRoot() + eps)
    let g2 = 0.5 + wd * p1
    let m2 = b1 * m1 + (1 - b1) * g2
    let v2 = b2 * v1 + (1 - b2) * g2 * g2
    let p2 = p1 - lr * (m2 / (1 - b1 * b1)) / ((v2 / (1 - b2 * b2)).squareRoot() + eps)
    expectClose(got, [p1, p2])
  }

  @Test func adamWTwoSteps() throws {
    var adamw = try AdamW(learningRate: 0.1)  // weight decay 0.01 by default
    #expect(adamw.weightDecay == 0.01)
    let got = run(&adamw, from: 1, gradients: [1, 0.5])
    let (b1, b2, eps, lr, wd) = (0.9, 0.999, 1e-8, 0.1, 0.01)
    let m1 = (1 - b1) * 1
    let v1 = (1 - b2) * 1
    let p1 = 1 * (1 - lr * wd) - lr * (m1 / (1 - b1)) / ((v1 / (1 - b2)).squareRoot() + eps)
    let m2 = b1 * m1 + (1 - b1) * 0.5
    let v2 = b2 * v1 + (1 - b2) * 0.25
    let p2 =
      p1 * (1 - lr * wd) - lr * (m2 / (1 - b1 * b1)) / ((v2 / (1 - b2 * b2)).squareRoot() + eps)
    expectClose(got, [p1, p2])
  }

  @Test func adamCountsStepsPerParameter() throws {
    // "late" first gets a gradient at the second update; its first step must be a full,
    // bias-corrected first step of size ≈ lr, as in PyTorch.
    var adam = try Adam(learningRate: 0.1)
    var parameters = ["early": Tensor([0]), "late": Tensor([0])]
    adam.update(&parameters, along: ["early": Tensor([1])])
    #expect(parameters["late"]?.scalars == [0])
    adam.update(&parameters, along: ["early": Tensor([1]), "late": Tensor([3])])
    let late = Double(parameters["late"]?.scalars[0] ?? 0)
    #expect(abs(late - -0.1 * 3 / (3 + 1e-8)) < 1e-6)
    #expect(adam.state.slots["step/early"]?.scalars == [2])
    #expect(adam.state.slots["step/late"]?.scalars == [1])
    #expect(adam.state.step == 2)
  }

  // MARK: State capture

  /// Runs 3 steps, restores the captured state into `fresh`, then checks that 2 more steps
  /// of both optimizers agree bit for bit.
  private func checkStateRoundTrip<O: Optimizer>(
    _ original: O, fresh: O, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    var rng = RandomGenerator(seed: 9)
    var a = original
    var parameters = [
      "w": Tensor.normal([3, 2], using: &rng), "b": Tensor.normal([2], using: &rng),
    ]
    for _ in 0..<3 {
      let gradients = parameters.mapValues { Tensor.normal($0.shape, using: &rng) }
      a.update(&parameters, along: gradients)
    }
    var b = fresh
    try b.restore(a.state)
    #expect(b.state == a.state, sourceLocation: sourceLocation)
    // Through Codable too.
    let json = try JSONEncoder().encode(a.state)
    var c = fresh
    try c.restore(try JSONDecoder().decode(OptimizerState.self, from: json))
    var pa = parameters
    var pb = parameters
    var pc = parameters
    for _ in 0..<2 {
      let gradients = parameters.mapValues { Tensor.normal($0.shape, using: &rng) }
      a.update(&pa, along: gradients)
      b.update(&pb, along: gradients)
      c.update(&pc, along: gradients)
    }
    for name in ["w", "b"] {
      let bitsA = pa[name]?.scalars.map(\.bitPattern)
      #expect(bitsA == pb[name]?.scalars.map(\.bitPattern), sourceLocation: sourceLocation)
      #expect(bitsA == pc[name]?.scalars.map(\.bitPattern), sourceLocation: sourceLocation)
    }
    #expect(a.state == b.state, sourceLocation: sourceLocation)
    #expect(a.state.step == 5, sourceLocation: sourceLocation)
  }

  @Test func stateRoundTripResumesBitIdentically() throws {
    try checkStateRoundTrip(
      try SGD(learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-3),
      fresh: try SGD(learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-3))
    try checkStateRoundTrip(
      try Adam(learningRate: 0.01, weightDecay: 1e-2),
      fresh: try Adam(learningRate: 0.01, weightDecay: 1e-2))
    try checkStateRoundTrip(try AdamW(learningRate: 0.01), fresh: try AdamW(learningRate: 0.01))
  }

  @Test func invalidStatesAreRejected() throws {
    var sgd = try SGD(learningRate: 0.1, momentum: 0.9)
    #expect(throws: OptimizerError.self) {
      try sgd.restore(OptimizerState(step: 1, slots: ["m/w": Tensor([1])]))
    }
    #expect(throws: OptimizerError.self) { try sgd.restore(OptimizerState(step: -1)) }
    var plain = try SGD(learningRate: 0.1)
    #expect(throws: OptimizerError.self) {
      try plain.restore(OptimizerState(step: 1, slots: ["momentum/w": Tensor([1])]))
    }
    var adam = try Adam()
    #expect(throws: OptimizerError.self) {  // v and step missing
      try adam.restore(OptimizerState(step: 1, slots: ["m/w": Tensor([1])]))
    }
    #expect(throws: OptimizerError.self) {  // fractional step count
      try adam.restore(
        OptimizerState(
          step: 1, slots: ["m/w": Tensor([1]), "v/w": Tensor([1]), "step/w": Tensor(0.5)]))
    }
    #expect(throws: OptimizerError.self) {  // m and v shapes differ
      try adam.restore(
        OptimizerState(
          step: 1, slots: ["m/w": Tensor([1]), "v/w": Tensor([1, 2]), "step/w": Tensor(1)]))
    }
    #expect(throws: OptimizerError.self) {
      try adam.restore(OptimizerState(step: 1, slots: ["momentum/w": Tensor([1])]))
    }
    let state = OptimizerState(step: 1, slots: ["m/w": Tensor([1, 2])])
    #expect(throws: OptimizerError.self) { try state.checkCompatible(with: ["w": Tensor([1])]) }
    #expect(throws: OptimizerError.self) { try state.checkCompatible(with: ["x": Tensor([1, 2])]) }
    try state.checkCompatible(with: ["w": Tensor([0, 0])])
  }

  // MARK: Hyperparameter validation

  @Test func invalidHyperparametersThrow() {
    #expect(throws: OptimizerError.self) { try SGD(learningRate: -0.1) }
    #expect(throws: OptimizerError.self) { try SGD(learningRate: .nan) }
    #expect(throws: OptimizerError.self) { try SGD(momentum: 1) }
    #expect(throws: OptimizerError.self) { try SGD(momentum: -0.5) }
    #expect(throws: OptimizerError.self) { try SGD(dampening: 1.5) }
    #expect(throws: OptimizerError.self) { try SGD(nesterov: true) }
    #expect(throws: OptimizerError.self) { try SGD(momentum: 0.9, dampening: 0.1, nesterov: true) }
    #expect(throws: OptimizerError.self) { try SGD(weightDecay: -1) }
    #expect(throws: OptimizerError.self) { try Adam(learningRate: -1) }
    #expect(throws: OptimizerError.self) { try Adam(beta1: 1) }
    #expect(throws: OptimizerError.self) { try Adam(beta2: -0.1) }
    #expect(throws: OptimizerError.self) { try Adam(epsilon: -1e-8) }
    #expect(throws: OptimizerError.self) { try Adam(weightDecay: .infinity) }
    #expect(throws: OptimizerError.self) { try AdamW(weightDecay: -0.01) }
    #expect(throws: OptimizerError.self) { try AdamW(beta1: 1.5) }
  }

  @Test func errorsNameTheFieldAndTheFix() {
    do {
      _ = try SGD(learningRate: 0.1, momentum: 1.2)
      Issue.record("expected an error")
    } catch {
      let message = "\(error)"
      #expect(message.contains("SGD"))
      #expect(message.contains("momentum"))
      #expect(message.contains("1.2"))
      #expect(message.contains("[0, 1)"))
      #expect(message.contains("help:"))
    }
    do {
      _ = try SGD(learningRate: 0.1, nesterov: true)
      Issue.record("expected an error")
    } catch {
      #expect("\(error)".contains("nesterov"))
      #expect("\(error)".contains("momentum > 0"))
    }
  }

  // MARK: Gradient clipping

  @Test func clippingScalesToTheMaximumNorm() {
    var gradients = ["a": Tensor([3, 0]), "b": Tensor([[4]])]
    let norm = clipGradientNorm(&gradients, maxNorm: 1)
    #expect(abs(norm - 5) < 1e-6)
    let scale = 1.0 / (5 + 1e-6)
    #expect(abs(Double(gradients["a"]?.scalars[0] ?? 0) - 3 * scale) < 1e-6)
    #expect(gradients["a"]?.scalars[1] == 0)
    #expect(abs(Double(gradients["b"]?.scalars[0] ?? 0) - 4 * scale) < 1e-6)
    #expect(gradients["b"]?.shape == [1, 1])
    let clippedNorm = clipGradientNorm(&gradients, maxNorm: 10)
    #expect(abs(clippedNorm - 1) < 1e-5)
  }

  @Test func clippingLeavesSmallGradientsUntouched() {
    var gradients = ["a": Tensor([0.3, -0.4])]
    let norm = clipGradientNorm(&gradients, maxNorm: 1)
    #expect(abs(norm - 0.5) < 1e-7)
    #expect(gradients["a"]?.scalars == [0.3, -0.4])
    var empty = [String: Tensor]()
    #expect(clipGradientNorm(&empty, maxNorm: 1) == 0)
  }

  // MARK: Schedules

  @Test func constantAndStepSchedules() {
    #expect(LearningRateSchedule.constant.learningRate(at: 1234, base: 0.3) == 0.3)
    let step = LearningRateSchedule.step(stepSize: 10, gamma: 0.5)
    #expect(step.learningRate(at: 0, base: 1) == 1)
    #expect(step.learningRate(at: 9, base: 1) == 1)
    #expect(step.learningRate(at: 10, base: 1) == 0.5)
    #expect(step.learningRate(at: 25, base: 1) == 0.25)
  }

  @Test func cosineAnnealingClosedForm() {
    let cosine = LearningRateSchedule.cosineAnnealing(totalSteps: 100, minimum: 0.01)
    let expected: [(Int, Double)] = [
      (0, 1),
      (25, 0.01 + 0.99 * (1 + cos(Double.pi / 4)) / 2),
      (50, 0.505),
      (100, 0.01),
      (150, 0.505),  // PyTorch's closed form is periodic
    ]
    for (step, value) in expected {
      #expect(abs(Double(cosine.learningRate(at: step, base: 1)) - value) < 1e-6)
    }
  }

  @Test func warmupThenAnotherSchedule() {
    let warm = LearningRateSchedule.warmup(steps: 4, then: .constant)
    let warmValues: [Float] = [0.25, 0.5, 0.75, 1, 1, 1]
    for (step, value) in warmValues.enumerated() {
      #expect(abs(warm.learningRate(at: step, base: 1) - value) < 1e-7)
    }
    let warmCosine = LearningRateSchedule.warmup(
      steps: 10, then: .cosineAnnealing(totalSteps: 100, minimum: 0))
    #expect(abs(warmCosine.learningRate(at: 4, base: 2) - 1) < 1e-6)
    #expect(abs(warmCosine.learningRate(at: 10, base: 2) - 2) < 1e-6)
    #expect(abs(warmCosine.learningRate(at: 60, base: 2) - 1) < 1e-6)
    #expect(abs(warmCosine.learningRate(at: 110, base: 2)) < 1e-6)
    let warmStep = LearningRateSchedule.warmup(steps: 2, then: .step(stepSize: 3, gamma: 0.1))
    #expect(abs(warmStep.learningRate(at: 5, base: 1) - 0.1) < 1e-7)
    #expect(
      LearningRateSchedule.warmup(steps: 0, then: .constant).learningRate(at: 0, base: 3) == 3)
  }

  @Test func scheduleValidationAndCoding() throws {
    try LearningRateSchedule.warmup(steps: 5, then: .cosineAnnealing(totalSteps: 10, minimum: 0))
      .validate()
    #expect(throws: OptimizerError.self) {
      try LearningRateSchedule.step(stepSize: 0, gamma: 0.5).validate()
    }
    #expect(throws: OptimizerError.self) {
      try LearningRateSchedule.step(stepSize: 1, gamma: -0.5).validate()
    }
    #expect(throws: OptimizerError.self) {
      try LearningRateSchedule.cosineAnnealing(totalSteps: 0, minimum: 0).validate()
    }
    #expect(throws: OptimizerError.self) {
      try LearningRateSchedule.cosineAnnealing(totalSteps: 10, minimum: -1).validate()
    }
    #expect(throws: OptimizerError.self) {
      try LearningRateSchedule.warmup(steps: 2, then: .step(stepSize: -1, gamma: 1)).validate()
    }
    #expect(throws: OptimizerError.self) {
      try LearningRateSchedule.warmup(steps: -1, then: .constant).validate()
    }
    let schedule = LearningRateSchedule.warmup(steps: 3, then: .step(stepSize: 2, gamma: 0.5))
    let decoded = try JSONDecoder().decode(
      LearningRateSchedule.self, from: try JSONEncoder().encode(schedule))
    #expect(decoded == schedule)
  }
}
