import Architectures
import EBMProtocols
import Foundation
import Losses
import Tensors
import Testing

/// The collapsed RBF solution (W = 0, every centre 0: all energies 0) is a minimum of the energy
/// and perceptron losses (value 0, their infimum), while every loss with a margin still pays
/// for it, which is why only the former can collapse (LeCun et al., 2006, sections 2.2 and 6).
@Suite struct LeCunCollapseTests {
  static func value(_ name: String, _ parameters: ParameterSet) throws -> Float {
    var registry = Registry()
    LossRegistration.register(in: &registry)
    var objective = try registry.objectives.make(ComponentReference(name))
    var context = LossContext(
      energy: RBFEnergy(inputShape: [4], labelCount: 10, features: 3), parameters: parameters,
      batch: Batch(x: Tensor(shape: [3, 4], scalars: (0..<12).map { Float($0) / 12 }), y: Tensor([0, 4, 9]), labels: [0, 4, 9]),
      sampler: nil, rng: RandomGenerator(seed: 0), step: 0)
    return try objective.loss(&context).scalar
  }

  @Test func collapsedSolutionCostsNothingOnlyWithoutAMargin() throws {
    let collapsed: ParameterSet = ["rbf.weight": .zeros([3, 4]), "rbf.centers": .zeros([10, 3])]
    #expect(try Self.value("energy", collapsed) == 0)
    #expect(try Self.value("perceptron", collapsed) == 0)
    // With every energy 0: hinge m = 1, log log 2, MCE σ(0) = 1/2, square-square m² = 1,
    // square-exponential γ e⁰ = 1, NLL (1/β) log K = log 10.
    let expected: [(String, Float)] = [
      ("hinge", 1), ("log", Float(log(2.0))), ("mce", 0.5), ("square-square", 1), ("square-exponential", 1),
      ("nll", Float(log(10.0))),
    ]
    for (name, value) in expected {
      #expect(abs(try Self.value(name, collapsed) - value) < 1e-6, "\(name)")
    }
  }
}
