import Architectures
import EBMProtocols
import Foundation
import Samplers
import Tensors
import Testing
import _EBMTestSupport

/// Box refinement on a conditioned energy (the CNN run once per x) gives the same bits as on
/// the energy evaluated whole at every step.
@Suite struct ConditionedRefinementTests {
  static func crops(_ b: Int, channels: Int, seed: UInt64) -> Tensor {
    var rng = RandomGenerator(seed: seed)
    return Tensor.uniform([b, channels, 16, 16], low: 0, high: 1, using: &rng)
  }

  /// `starts` boxes per example near the crop's reference (1, 1, log 8, log 8).
  static func starts(_ b: Int, _ starts: Int, seed: UInt64) -> Tensor {
    var rng = RandomGenerator(seed: seed)
    let logR = Float(log(8.0))
    var values: [Float] = []
    for _ in 0..<(b * starts) {
      values += [1 + 0.2 * rng.nextNormal(), 1 + 0.2 * rng.nextNormal(), logR + 0.2 * rng.nextNormal(), logR + 0.2 * rng.nextNormal()]
    }
    return Tensor(shape: [b, starts, 4], scalars: values)
  }

  @Test(arguments: [false, true])
  func refinementMatchesTheWholeEnergyBitForBit(modulated: Bool) throws {
    let energies: [any EnergyFunction] = [
      BoxEnergy(cropSize: 16, channels: 4, hidden: 8, modulated: modulated),
      BoxRegressionEnergy(cropSize: 16, channels: 4, hidden: 8, modulated: modulated),
    ]
    for energy in energies {
      var rng = RandomGenerator(seed: 5)
      let parameters = energy.initialParameters(using: &rng)
      let x = Self.crops(3, channels: modulated ? 6 : 3, seed: 6)
      let y = Self.starts(3, 5, seed: 7)
      let conditioned = TrainedEnergy(energy: energy, parameters: parameters)
      let whole = TrainedEnergy(energy: UnconditionedEnergy(energy), parameters: parameters)
      let atX = conditioned.conditioned(on: x)
      #expect(atX(y).scalars == whole(x: x, y: y).scalars)
      #expect(atX.gradient(y).scalars == whole.gradient(x: x, y: y).scalars)
      // The gradient is not trivially zero, so the comparison above says something.
      #expect(atX.gradient(y).scalars.contains { $0 != 0 })
      let inference = GradientAscentInference(steps: 10, stepLengths: [1e-2, 1e-2, 4e-2, 4e-2], decay: 0.5, averagedStarts: 3)
      var a = RandomGenerator(seed: 8)
      var b = RandomGenerator(seed: 8)
      let refined = try inference.infer(conditioned, x: x, initial: y, using: &a)
      let reference = try inference.infer(whole, x: x, initial: y, using: &b)
      #expect(refined.scalars == reference.scalars)
      #expect(refined.scalars != y.slice(alongAxis: 1, 0..<1).scalars)
    }
  }
}
