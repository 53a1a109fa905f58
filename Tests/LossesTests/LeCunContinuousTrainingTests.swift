import Architectures
import EBMProtocols
import Foundation
import Losses
import Tensors
import Testing

/// LeCun's margin losses on continuous Y: training the regression energy E = ‖Y − G_W(X)‖² with
/// the most offending answer found outside radius ε by projected gradient descent moves the
/// prediction G_W(X) onto the targets (the minimum of E at Yⁱ is the only way to lower E(Yⁱ)
/// while raising the energy of every answer on the ε-sphere around it).
@Suite struct LeCunContinuousTrainingTests {
  @Test(arguments: ["hinge", "square-square", "log"]) func marginLossesFitALine(name: String) throws {
    var registry = Registry()
    LossRegistration.register(in: &registry)
    var objective = try registry.objectives.make(ComponentReference(name, options: ["epsilon": .double(0.3)]))
    #expect(objective.supportedFamilies.contains(.conditional))
    let energy = RegressionEnergy(inputShape: [1], outputDimension: 1, hidden: [])
    var rng = RandomGenerator(seed: 12)
    var parameters = energy.initialParameters(using: &rng)
    let x = Tensor(shape: [32, 1], scalars: (0..<32).map { Float($0) / 31 * 2 - 1 })
    let y = x * 2 + 0.5
    var optimizer = try Adam(learningRate: 0.05)
    // 500 steps at lr 0.05, then 100 at 0.005: the offending answer flips side as G(x) crosses
    // the target, so the margin terms make Adam jitter around it by about its step size.
    // (Square-square is the slow one: its pull on E(Yⁱ) is 2E(Yⁱ) = 2‖Y − G‖², which vanishes
    // near the target; here it needs about 400 steps at lr 0.05 to reach the line.)
    for step in 0..<600 {
      optimizer.learningRate = step < 500 ? 0.05 : 0.005
      let leaves = parameters.requiringGradients()
      var context = LossContext(
        energy: energy, parameters: leaves, batch: Batch(x: x, y: y), sampler: nil,
        rng: RandomGenerator(seed: 100).forked(stream: UInt64(step)), step: step)
      let loss = try withGradients { try objective.loss(&context) }
      let names = leaves.keys.sorted()
      let grads = gradients(of: loss, at: names.map { leaves[$0]! })
      optimizer.update(&parameters, along: Dictionary(uniqueKeysWithValues: zip(names, grads)))
    }
    let prediction = energy.prediction(x: x, parameters: parameters)
    let worst = zip(prediction.scalars, y.scalars).map { abs($0 - $1) }.max()!
    #expect(worst < 0.05, "\(name): largest |G(x) − y| = \(worst)")
  }
}
