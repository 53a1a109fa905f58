import Architectures
import EBMProtocols
import Foundation
import Losses
import Tensors
import Testing
import _EBMTestSupport

/// ML-MCMC's Langevin chains run on the conditioned box energy (its CNN once per batch): the
/// chains, the loss and its parameter gradients are those of the energy evaluated whole at every
/// step, bit for bit.
@Suite struct ConditionedChainsTests {
  @Test func mlMCMCOnTheBoxEnergyMatchesTheWholeEnergyBitForBit() throws {
    let energy = BoxEnergy(cropSize: 16, channels: 4, hidden: 8, modulated: true)
    var rng = RandomGenerator(seed: 11)
    let parameters = energy.initialParameters(using: &rng)
    let x = Tensor.uniform([2, 6, 16, 16], low: 0, high: 1, using: &rng)
    let logR = Float(log(8.0))
    let y = Tensor(shape: [2, 4], scalars: [1.05, 0.95, logR + 0.1, logR - 0.1, 0.9, 1.1, logR, logR + 0.2])
    func lossAndGradients(_ energy: any EnergyFunction) throws -> (chains: [Float], loss: Float, gradients: [[Float]]) {
      var objective = MaximumLikelihoodMCMC(lambda: 0.05, steps: 4, samples: 3)
      let names = parameters.keys.sorted()
      return try withGradients {
        var leaves = ParameterSet()
        for name in names { leaves[name] = parameters[name]!.detached.requiringGradient() }
        var context = LossContext(
          energy: energy, parameters: leaves, batch: Batch(x: x, y: y), sampler: nil, rng: RandomGenerator(seed: 12), step: 0)
        var chainContext = context
        let chains = objective.langevinSamples(&chainContext).scalars
        let loss = try objective.loss(&context)
        let grads = gradients(of: loss, at: names.map { leaves[$0]! }, createGraph: false)
        return (chains, loss.scalar, grads.map(\.scalars))
      }
    }
    let conditioned = try lossAndGradients(energy)
    let whole = try lossAndGradients(UnconditionedEnergy(energy))
    #expect(conditioned.chains == whole.chains)
    #expect(conditioned.loss == whole.loss && conditioned.loss != 0)
    #expect(conditioned.gradients == whole.gradients)
  }
}
