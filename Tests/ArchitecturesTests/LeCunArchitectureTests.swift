import Architectures
import EBMProtocols
import Foundation
import Tensors
import Testing
import _EBMTestSupport

/// The LeCun-framework architectures against brute-force computations.
@Suite struct LeCunArchitectureTests {
  static let x = Tensor([[1, 0, 2], [0.5, -1, 0]])

  /// ‖W x − c_k‖² computed element by element in Double.
  static func bruteRBF(_ w: Tensor, _ c: Tensor, _ x: Tensor, row: Int, center: Int) -> Double {
    let (d, n) = (w.shape[0], w.shape[1])
    var total = 0.0
    for i in 0..<d {
      var h = 0.0
      for j in 0..<n { h += Double(w.scalars[i * n + j]) * Double(x.scalars[row * n + j]) }
      let diff = h - Double(c.scalars[center * d + i])
      total += diff * diff
    }
    return total
  }

  @Test func rbfEnergiesAreSquaredDistancesToTheCentres() {
    let energy = RBFEnergy(inputShape: [3], labelCount: 3, features: 2)
    var rng = RandomGenerator(seed: 5)
    let p = energy.initialParameters(using: &rng)
    #expect(p["rbf.weight"]!.shape == [2, 3] && p["rbf.centers"]!.shape == [3, 2])
    let e = energy.labelEnergies(x: Self.x, parameters: p)
    #expect(e.shape == [2, 3])
    for b in 0..<2 {
      for k in 0..<3 {
        #expect(abs(Double(e.scalars[b * 3 + k]) - Self.bruteRBF(p["rbf.weight"]!, p["rbf.centers"]!, Self.x, row: b, center: k)) < 1e-5)
      }
    }
    // The collapsed solution: W = 0 and c = 0 give zero energy for every label.
    let collapsed = energy.labelEnergies(x: Self.x, parameters: ["rbf.weight": .zeros([2, 3]), "rbf.centers": .zeros([3, 2])])
    #expect(collapsed.scalars.allSatisfy { $0 == 0 })
    // energy(x:y:) picks the same values by label index.
    let picked = energy.energy(x: Self.x, y: Tensor([[2, 0], [1, 1]]), parameters: p)
    #expect(picked.scalars == [e.scalars[2], e.scalars[0], e.scalars[4], e.scalars[4]])
  }

  @Test func rbfGradientMatchesFiniteDifferences() {
    let energy = RBFEnergy(inputShape: [3], labelCount: 3, features: 2)
    var rng = RandomGenerator(seed: 6)
    let p = energy.initialParameters(using: &rng)
    let result = GradientChecker.check(at: [p["rbf.weight"]!, p["rbf.centers"]!]) { v in
      (energy.labelEnergies(x: Self.x, parameters: ["rbf.weight": v[0], "rbf.centers": v[1]]) * Tensor([1, 2, 3])).sum()
    }
    #expect(result.passed, "\(result)")
  }

  @Test func regressionEnergyIsSquaredDistanceToThePrediction() {
    let energy = RegressionEnergy(inputShape: [3], outputDimension: 2, hidden: [4])
    var rng = RandomGenerator(seed: 7)
    let p = energy.initialParameters(using: &rng)
    let g = energy.prediction(x: Self.x, parameters: p)
    let y = Tensor(shape: [2, 3, 2], scalars: [0, 0, 1, -1, 0.5, 2, 3, 1, -2, 0, 0.1, 0.2])
    let e = energy.energy(x: Self.x, y: y, parameters: p)
    #expect(e.shape == [2, 3])
    for b in 0..<2 {
      for m in 0..<3 {
        let expected = (0..<2).map { j -> Double in
          let d = Double(y.scalars[(b * 3 + m) * 2 + j]) - Double(g.scalars[b * 2 + j])
          return d * d
        }.reduce(0, +)
        #expect(abs(Double(e.scalars[b * 3 + m]) - expected) < 1e-5)
      }
    }
  }

  @Test func oneHotRegressionEnergyCodesLabelsAsUnitVectors() {
    let energy = OneHotRegressionEnergy(inputShape: [3], labelCount: 4, hidden: [])
    var rng = RandomGenerator(seed: 8)
    let p = energy.initialParameters(using: &rng)
    let g = energy.regression.prediction(x: Self.x, parameters: p)
    let e = energy.labelEnergies(x: Self.x, parameters: p)
    for b in 0..<2 {
      for k in 0..<4 {
        let expected = (0..<4).map { j -> Double in
          let d = (j == k ? 1.0 : 0.0) - Double(g.scalars[b * 4 + j])
          return d * d
        }.reduce(0, +)
        #expect(abs(Double(e.scalars[b * 4 + k]) - expected) < 1e-5)
      }
    }
  }

  @Test func logitsEnergyIsMinusTheLogits() {
    let energy = LogitsMLPEnergy(inputShape: [3], labelCount: 4, hidden: [5])
    var rng = RandomGenerator(seed: 9)
    let p = energy.initialParameters(using: &rng)
    let logits = energy.network(Self.x, parameters: p)
    #expect(energy.labelEnergies(x: Self.x, parameters: p).scalars == logits.scalars.map { -$0 })
  }

  /// min_Z and the free energy over the prototypes, against brute force in Double.
  @Test(arguments: [0.5, 2.0]) func latentMinimumAndFreeEnergyMatchBruteForce(beta: Double) {
    let inner = PrototypeRBFEnergy(inputShape: [3], labelCount: 3, features: 2, prototypes: 4)
    var rng = RandomGenerator(seed: 10)
    let p = inner.initialParameters(using: &rng)
    let minimum = LatentVariableEnergy(inner, reduction: .minimum)
    let free = LatentVariableEnergy(inner, reduction: .freeEnergy(beta: Float(beta)))
    let eMin = minimum.labelEnergies(x: Self.x, parameters: p)
    let eFree = free.labelEnergies(x: Self.x, parameters: p)
    for b in 0..<2 {
      for k in 0..<3 {
        let perZ = (0..<4).map { Self.bruteRBF(p["rbf.weight"]!, p["rbf.centers"]!, Self.x, row: b, center: k * 4 + $0) }
        #expect(abs(Double(eMin.scalars[b * 3 + k]) - perZ.min()!) < 1e-5)
        let freeEnergy = -log(perZ.map { exp(-beta * $0) }.reduce(0, +)) / beta
        #expect(abs(Double(eFree.scalars[b * 3 + k]) - freeEnergy) < 1e-4)
        // The free energy lies below the minimum by at most log|Z| / β.
        #expect(Double(eFree.scalars[b * 3 + k]) <= perZ.min()! + 1e-5)
        #expect(Double(eFree.scalars[b * 3 + k]) >= perZ.min()! - log(4) / beta - 1e-5)
      }
    }
    // energy(x:y:) eliminates Z the same way for label candidates.
    let picked = free.energy(x: Self.x, y: Tensor([[1], [2]]), parameters: p)
    #expect(abs(picked.scalars[0] - eFree.scalars[1]) < 1e-6 && abs(picked.scalars[1] - eFree.scalars[5]) < 1e-6)
  }

  @Test func latentWrapperIsALabelEnergyThroughItsConditionalConformance() {
    let wrapped: any EnergyFunction = LatentVariableEnergy(
      PrototypeRBFEnergy(inputShape: [3], labelCount: 3, features: 2, prototypes: 2), reduction: .minimum)
    #expect(wrapped is any LabelEnergyFunction)
    #expect(wrapped.kind == .discrete(inputShape: [3], labelCount: 3))
  }

  @Test func latentFreeEnergyGradientMatchesFiniteDifferences() {
    let inner = PrototypeRBFEnergy(inputShape: [3], labelCount: 3, features: 2, prototypes: 3)
    var rng = RandomGenerator(seed: 11)
    let p = inner.initialParameters(using: &rng)
    let free = LatentVariableEnergy(inner, reduction: .freeEnergy(beta: 1.5))
    let result = GradientChecker.check(at: [p["rbf.weight"]!, p["rbf.centers"]!]) { v in
      free.labelEnergies(x: Self.x, parameters: ["rbf.weight": v[0], "rbf.centers": v[1]]).sum()
    }
    #expect(result.passed, "\(result)")
  }

  @Test func registeredArchitecturesFollowTheTaskKind() throws {
    var registry = Registry()
    ArchitectureRegistration.register(in: &registry)
    let discrete = ComponentContext(energyKind: .discrete(inputShape: [64], labelCount: 10))
    for name in ["rbf", "regression-energy", "logits-mlp", "latent-rbf"] {
      let energy = try registry.architectures.make(ComponentReference(name), context: discrete)
      #expect(energy.kind == .discrete(inputShape: [64], labelCount: 10), "\(name)")
      #expect(energy is any LabelEnergyFunction, "\(name)")
    }
    let conditional = ComponentContext(energyKind: .conditional(inputShape: [2], outputDimension: 3))
    let regression = try registry.architectures.make(ComponentReference("regression-energy"), context: conditional)
    #expect(regression.kind == .conditional(inputShape: [2], outputDimension: 3))
    #expect(throws: EBMError.self) { try registry.architectures.make(ComponentReference("rbf"), context: conditional) }
  }
}
