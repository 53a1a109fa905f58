import Architectures
import EBMProtocols
import Foundation
import Tensors
import Testing
import _EBMTestSupport

@Suite struct RegressionArchitectureTests {
  @Test func toyNetHasThePapersParametersAndInitialisation() {
    var rng = RandomGenerator(seed: 0)
    let parameters = ToyNet().initialParameters(using: &rng)
    let shapes: [String: [Int]] = [
      "feature.fc1.weight": [10, 1], "feature.fc2.weight": [10, 10], "predictor.fc_y.weight": [10, 1],
      "predictor.fc1.weight": [10, 20], "predictor.fc2.weight": [10, 10], "predictor.fc3.weight": [10, 10],
      "predictor.fc4.weight": [1, 10],
    ]
    #expect(parameters.count == 14)
    for (name, shape) in shapes {
      #expect(parameters[name]?.shape == shape, "\(name)")
      let bound = 1 / Float(shape[1]).squareRoot()
      let bias = parameters[name.replacingOccurrences(of: "weight", with: "bias")]!
      #expect(bias.shape == [shape[0]])
      #expect((parameters[name]!.scalars + bias.scalars).allSatisfy { abs($0) <= bound })
    }
  }

  /// Candidates share their example's x features: energies of a [B, M] batch equal energies
  /// computed one candidate at a time, and the reference's concatenation [h_x; h_y].
  @Test func toyNetSharesXFeaturesAcrossCandidates() {
    var rng = RandomGenerator(seed: 1)
    let net = ToyNet()
    let parameters = net.initialParameters(using: &rng)
    let x = Tensor([[-2.0], [0.7]])
    let y = Tensor(shape: [2, 3, 1], scalars: [-1, 0, 1, 0.5, -0.25, 2])
    let together = net.energy(x: x, y: y, parameters: parameters)
    #expect(together.shape == [2, 3])
    for i in 0..<2 {
      for m in 0..<3 {
        let single = net.energy(
          x: Tensor([[x.scalars[i]]]), y: Tensor(shape: [1, 1, 1], scalars: [y.scalars[i * 3 + m]]), parameters: parameters)
        // Unfused reference: the paper's concatenation.
        let p = parameters
        func linear(_ v: Tensor, _ name: String) -> Tensor {
          Tensor.matmul(v, p[name + ".weight"]!, transposeB: true) + p[name + ".bias"]!
        }
        let hx = linear(linear(Tensor([[x.scalars[i]]]), "feature.fc1").relu(), "feature.fc2").relu()
        let hy = linear(Tensor([[y.scalars[i * 3 + m]]]), "predictor.fc_y").tanh()
        var h = linear(Tensor.concatenate([hx, hy], alongAxis: 1), "predictor.fc1").tanh()
        h = linear(h, "predictor.fc2").tanh() + h
        h = linear(h, "predictor.fc3").tanh() + h
        let f = linear(h, "predictor.fc4").scalar
        #expect(abs(single.scalar - together.scalars[i * 3 + m]) < 1e-6)
        #expect(abs(-f - together.scalars[i * 3 + m]) < 1e-5)
      }
    }
  }

  /// ∂E/∂y both ways ToyNet computes it (fused chain without a graph, forward-mode tangents
  /// with one) against reverse-mode autodiff of its energy and against central differences,
  /// on a batch whose B · M rows are not whole tiles.
  @Test func toyNetEnergyGradientMatchesAutodiffAndFiniteDifferences() {
    var rng = RandomGenerator(seed: 3)
    let net = ToyNet()
    let parameters = net.initialParameters(using: &rng)
    let x = Tensor.uniform([3, 1], low: -3, high: 3, using: &rng)
    let y = Tensor.normal([3, 50, 1], using: &rng)
    let sampled = net.energyGradient(x: x, y: y, parameters: parameters, createGraph: false)
    let recorded = withGradients { net.energyGradient(x: x, y: y, parameters: parameters, createGraph: true) }
    let point = y.requiringGradient()
    let autodiff = withGradients { gradients(of: net.energy(x: x, y: point, parameters: parameters).sum(), at: [point])[0] }
    let h: Float = 1e-2
    let plus = net.energy(x: x, y: y + h, parameters: parameters)
    let minus = net.energy(x: x, y: y - h, parameters: parameters)
    #expect(sampled.shape == y.shape && recorded.shape == y.shape)
    for i in 0..<y.count {
      let reference = autodiff.scalars[i]
      #expect(abs(sampled.scalars[i] - reference) <= 1e-5 + 1e-5 * abs(reference))
      #expect(abs(recorded.scalars[i] - reference) <= 1e-5 + 1e-5 * abs(reference))
      let central = (plus.scalars[i] - minus.scalars[i]) / (2 * h)
      #expect(abs(sampled.scalars[i] - central) <= 2e-3 + 1e-2 * abs(central), "row \(i): \(sampled.scalars[i]) vs \(central)")
    }
  }

  /// ToyNet's fused gradient and Laplacian (score matching's terms) against the taped default
  /// (∂E/∂y recorded, then one recorded backward pass), values and the parameter gradients of
  /// the SM loss mean(−ΔE + ½ (∂E/∂y)²), and the Laplacian against central differences of
  /// ∂E/∂y, on a batch whose B · M rows are not whole tiles.
  @Test func toyNetLaplacianMatchesTheTapedTraceAndFiniteDifferences() {
    var rng = RandomGenerator(seed: 5)
    let net = ToyNet()
    let parameters = net.initialParameters(using: &rng)
    let x = Tensor.uniform([3, 1], low: -3, high: 3, using: &rng)
    let y = Tensor.normal([3, 50, 1], using: &rng)
    let names = parameters.keys.sorted()
    func scoreMatching(_ energy: some EnergyFunction) -> (gradient: Tensor, laplacian: Tensor, parameters: [Tensor]) {
      let leaves = parameters.requiringGradients()
      let (gradient, laplacian) = energy.energyGradientAndLaplacian(x: x, y: y, parameters: leaves)
      let loss = withGradients { (-laplacian + gradient.squared().reshaped([3, 50]) * 0.5).mean() }
      return (gradient, laplacian, gradients(of: loss, at: names.map { leaves[$0]! }))
    }
    let fused = scoreMatching(net)
    let taped = scoreMatching(TapedLaplacianEnergy(net))
    #expect(fused.gradient.shape == y.shape && fused.laplacian.shape == [3, 50])
    #expect(fused.gradient.scalars == net.energyGradient(x: x, y: y, parameters: parameters).scalars)
    let h: Float = 1e-2
    let plus = net.energyGradient(x: x, y: y + h, parameters: parameters)
    let minus = net.energyGradient(x: x, y: y - h, parameters: parameters)
    for i in 0..<fused.laplacian.count {
      let reference = taped.laplacian.scalars[i]
      #expect(abs(fused.laplacian.scalars[i] - reference) <= 1e-5 + 1e-5 * abs(reference))
      let central = (plus.scalars[i] - minus.scalars[i]) / (2 * h)
      #expect(abs(fused.laplacian.scalars[i] - central) <= 2e-3 + 1e-2 * abs(central), "row \(i): \(fused.laplacian.scalars[i]) vs \(central)")
    }
    for (name, (a, b)) in zip(names, zip(fused.parameters, taped.parameters)) {
      let scale = b.scalars.map(abs).max() ?? 1
      for (u, v) in zip(a.scalars, b.scalars) { #expect(abs(u - v) <= 2e-5 * max(1, scale), "∂/∂\(name): \(u) vs \(v)") }
    }
  }

  @Test func conditionalMLPGradientMatchesFiniteDifferences() {
    var rng = RandomGenerator(seed: 2)
    let mlp = ConditionalMLP(inputDimension: 3, outputDimension: 2, width: 8, depth: 2, activation: .tanh)
    let parameters = mlp.initialParameters(using: &rng)
    let x = Tensor.normal([2, 3], using: &rng)
    let y = Tensor.normal([2, 4, 2], using: &rng)
    #expect(mlp.energy(x: x, y: y, parameters: parameters).shape == [2, 4])
    let result = GradientChecker.check(at: [y, parameters["layers.0.weight"]!], epsilon: 1e-2) { t in
      var p = parameters
      p["layers.0.weight"] = t[1]
      return mlp.energy(x: x, y: t[0], parameters: p).sum()
    }
    #expect(result.passed, "max error \(result.maxAbsoluteError)")
  }
}
