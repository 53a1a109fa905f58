import Architectures
import EBMProtocols
import Foundation
import Tensors
import Testing

/// The box energies: shapes, candidates sharing the crop's features, dE/du against finite
/// differences, the tracking modulation, and the direct-regression energy's minimiser.
@Suite struct BoxEnergyTests {
  static func crops(_ b: Int, channels: Int = 3, size: Int = 16, seed: UInt64 = 1) -> Tensor {
    var rng = RandomGenerator(seed: seed)
    return Tensor.uniform([b, channels, size, size], low: 0, high: 1, using: &rng)
  }

  /// u near the crop's reference box (1, 1, log r, log r), r = size / 2.
  static func boxes(_ b: Int, _ m: Int, size: Int = 16, seed: UInt64 = 2) -> Tensor {
    var rng = RandomGenerator(seed: seed)
    let logR = Float(log(Double(size) / 2))
    var values: [Float] = []
    for _ in 0..<(b * m) {
      values += [1 + 0.1 * rng.nextNormal(), 1 + 0.1 * rng.nextNormal(), logR + 0.1 * rng.nextNormal(), logR + 0.1 * rng.nextNormal()]
    }
    return Tensor(shape: [b, m, 4], scalars: values)
  }

  @Test func candidatesShareTheCropAndAreIndependent() {
    let energy = BoxEnergy(cropSize: 16, channels: 4, hidden: 8)
    var rng = RandomGenerator(seed: 0)
    let parameters = energy.initialParameters(using: &rng)
    let x = Self.crops(2)
    let y = Self.boxes(2, 3)
    let all = energy.energy(x: x, y: y, parameters: parameters)
    #expect(all.shape == [2, 3])
    // The second candidate alone gives the same energy as among the three.
    let second = energy.energy(x: x, y: y.slice(alongAxis: 1, 1..<2), parameters: parameters)
    for i in 0..<2 { #expect(abs(second.scalars[i] - all.scalars[i * 3 + 1]) < 1e-5) }
    #expect(energy.kind == .conditional(inputShape: [3, 16, 16], outputDimension: 4))
  }

  @Test func boxGradientMatchesFiniteDifferences() {
    let energy = BoxEnergy(cropSize: 16, channels: 4, hidden: 8)
    var rng = RandomGenerator(seed: 3)
    let parameters = energy.initialParameters(using: &rng)
    let x = Self.crops(1)
    let result = GradientChecker.check(at: [Self.boxes(1, 2)], epsilon: 1e-2, absoluteTolerance: 1e-3, relativeTolerance: 2e-2) {
      energy.energy(x: x, y: $0[0], parameters: parameters).sum()
    }
    #expect(result.passed, "\(result)")
  }

  @Test func modulatedEnergyReadsTheReferenceCrop() {
    let energy = BoxEnergy(cropSize: 16, channels: 4, hidden: 8, modulated: true)
    var rng = RandomGenerator(seed: 4)
    let parameters = energy.initialParameters(using: &rng)
    #expect(parameters["modulation4.weight"]?.shape == [4, 100] && parameters["modulation8.weight"]?.shape == [4, 36])
    let x = Self.crops(1, channels: 6)
    let y = Self.boxes(1, 2)
    let e = energy.energy(x: x, y: y, parameters: parameters)
    // Another reference crop (channels 0–2), same test crop: other channel weights, other energies.
    let other = Tensor.concatenate([Self.crops(1, seed: 9), x.slice(alongAxis: 1, 3..<6)], alongAxis: 1)
    let f = energy.energy(x: other, y: y, parameters: parameters)
    #expect(e.shape == [1, 2] && zip(e.scalars, f.scalars).contains { abs($0 - $1) > 1e-6 })
    let result = GradientChecker.check(at: [y], epsilon: 1e-2, absoluteTolerance: 1e-3, relativeTolerance: 2e-2) {
      energy.energy(x: x, y: $0[0], parameters: parameters).sum()
    }
    #expect(result.passed, "\(result)")
  }

  /// E = ½‖u − g(x)‖²: zero at g(x), ½ at a unit step away, and its energy loss is L2 regression.
  @Test func regressionEnergyIsQuadraticAboutItsPrediction() {
    let energy = BoxRegressionEnergy(cropSize: 16, channels: 4, hidden: 8)
    var rng = RandomGenerator(seed: 5)
    let parameters = energy.initialParameters(using: &rng)
    let x = Self.crops(2)
    let g = energy.prediction(x, parameters: parameters)
    var shifted = g.scalars
    shifted[2] += 1
    let y = Tensor.concatenate([g.unsqueezed(at: 1), Tensor(shape: [2, 1, 4], scalars: shifted)], alongAxis: 1)
    let e = energy.energy(x: x, y: y, parameters: parameters).scalars
    #expect(abs(e[0]) < 1e-6 && abs(e[1] - 0.5) < 1e-5 && abs(e[2]) < 1e-6 && abs(e[3]) < 1e-6)
  }
}
