import Testing
import Tensors
import EBMProtocols
@testable import Architectures

@Suite struct GenerativeArchitectureTests {
  /// Autodiff ∂E/∂x of Σ E, the reference for hand-written gradients.
  func autodiffGradient(_ energy: some EnergyFunction, _ y: Tensor, _ p: ParameterSet) -> Tensor {
    withGradients {
      let leaf = y.requiringGradient()
      return gradients(of: energy.energy(x: nil, y: leaf, parameters: p).sum(), at: [leaf])[0]
    }
  }

  @Test(arguments: MLPActivation.allCases)
  func fusedMLPGradientMatchesAutodiff(_ activation: MLPActivation) {
    // 300 rows: more than two 128-row blocks, the last one partial; width 33 (not a tile multiple).
    let energy = MLPEnergy(dimension: 2, width: 33, depth: 3, activation: activation)
    var rng = RandomGenerator(seed: 7)
    let p = energy.initialParameters(using: &rng)
    let y = Tensor.uniform([300, 2], low: -3, high: 3, using: &rng)
    let reference = autodiffGradient(energy, y, p)
    for threads in [1, 2, 3] {
      let fused = energy.fastGradient(y, parameters: p, threads: threads)
      let error = zip(fused.scalars, reference.scalars).map { Swift.abs($0 - $1) }.max()!
      let scale = reference.scalars.map(Swift.abs).max()!
      #expect(error <= 1e-5 * Swift.max(scale, 1), "\(activation) threads \(threads): max error \(error)")
    }
    // The protocol entry point without a graph takes the fused path.
    let viaProtocol = energy.energyGradient(x: nil, y: y, parameters: p, createGraph: false)
    #expect(viaProtocol.scalars == energy.fastGradient(y, parameters: p).scalars)
  }

  @Test func mlpGradientWithGraphIsDifferentiableInTheParameters() {
    let energy = MLPEnergy(dimension: 2, width: 8, depth: 2, activation: .softplus)
    var rng = RandomGenerator(seed: 3)
    let p = energy.initialParameters(using: &rng)
    let y = Tensor.uniform([5, 2], low: -1, high: 1, using: &rng)
    let leaves = p.requiringGradients()
    let g = withGradients {
      energy.energyGradient(x: nil, y: y.requiringGradient(), parameters: leaves, createGraph: true).squared().sum()
    }
    #expect(g.isRecorded)
    let dW = gradients(of: g, at: [leaves["layers.2.weight"]!])[0]
    #expect(dW.scalars.contains { $0 != 0 })
  }

  @Test func analyticGradientsMatchAutodiff() throws {
    var rng = RandomGenerator(seed: 1)
    let y = Tensor.uniform([20, 2], low: -2, high: 2, using: &rng)
    let gaussian = try GaussianEnergy(mean: [1, -1], covariance: [2, 0.6, 0.6, 1])
    let well = DoubleWellEnergy(dimension: 2, barrier: 1.5)
    func close(_ a: Tensor, _ b: Tensor) -> Bool {
      zip(a.scalars, b.scalars).allSatisfy { Swift.abs($0 - $1) <= 1e-4 * Swift.max(1, Swift.abs($1)) }
    }
    #expect(close(gaussian.energyGradient(x: nil, y: y, parameters: [:], createGraph: false), autodiffGradient(gaussian, y, [:])))
    #expect(close(well.energyGradient(x: nil, y: y, parameters: [:], createGraph: false), autodiffGradient(well, y, [:])))
    // Gaussian energy at the mean is 0; one unit along e₁ costs ½ (Σ⁻¹)₁₁ = ½ · 1/(2 − 0.36).
    let e = gaussian.energy(x: nil, y: Tensor([[1, -1], [2, -1]]), parameters: [:]).scalars
    #expect(Swift.abs(e[0]) < 1e-6 && Swift.abs(e[1] - 0.5 / 1.64) < 1e-5)
    // Double well: minima at x₁ = ±1 (E = 0), barrier h at 0.
    let w = well.energy(x: nil, y: Tensor([[1, 0], [-1, 0], [0, 0]]), parameters: [:]).scalars
    #expect(w == [0, 0, 1.5])
  }

  @Test func analyticSamplersHaveTheStatedMoments() throws {
    var rng = RandomGenerator(seed: 2)
    let n = 20_000
    let gaussian = try GaussianEnergy(mean: [1, -1], covariance: [2, 0.6, 0.6, 1])
    let s = gaussian.sample(count: n, using: &rng).scalars
    let m0 = stride(from: 0, to: 2 * n, by: 2).map { Double(s[$0]) }.reduce(0, +) / Double(n)
    let c01 = stride(from: 0, to: 2 * n, by: 2).map { (Double(s[$0]) - 1) * (Double(s[$0 + 1]) + 1) }.reduce(0, +) / Double(n)
    #expect(Swift.abs(m0 - 1) < 4 * (2.0 / Double(n)).squareRoot())
    #expect(Swift.abs(c01 - 0.6) < 0.05)
    let banana = RosenbrockEnergy(a: 1, b: 5).sample(count: n, using: &rng).scalars
    let meanX1 = stride(from: 0, to: 2 * n, by: 2).map { Double(banana[$0]) }.reduce(0, +) / Double(n)
    #expect(Swift.abs(meanX1 - 1) < 4 * (0.5 / Double(n)).squareRoot())
  }
}
