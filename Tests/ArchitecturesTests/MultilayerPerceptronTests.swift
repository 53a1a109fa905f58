import EBMProtocols
import Tensors
import Testing

@testable import Architectures

/// The one MLP block: PyTorch's `nn.Linear` layout (`[out, in]`) and names, used by every MLP
/// architecture.
@Suite struct MultilayerPerceptronTests {
  /// A 2 → 3 → 1 network with hand-picked weights, against the formula written out by hand.
  @Test func forwardUsesTheOutInLayout() {
    let mlp = MultilayerPerceptron(widths: [2, 3, 1], activation: .relu, prefix: "net")
    let parameters: ParameterSet = [
      "net.0.weight": Tensor(shape: [3, 2], scalars: [1, 2, -1, 0.5, 0, -3]),
      "net.0.bias": Tensor([0.1, 0.2, 0.3]),
      "net.1.weight": Tensor(shape: [1, 3], scalars: [2, -1, 0.5]),
      "net.1.bias": Tensor([-0.25]),
    ]
    let x: [[Float]] = [[1, -2], [0.5, 4]]
    let output = mlp(Tensor(x), parameters: parameters)
    #expect(output.shape == [2, 1])
    for (row, input) in x.enumerated() {
      // h_j = relu(Σ_k W[j][k] x_k + b_j), out = Σ_j V[0][j] h_j + c.
      let h0 = max(0, 1 * input[0] + 2 * input[1] + 0.1)
      let h1 = max(0, -1 * input[0] + 0.5 * input[1] + 0.2)
      let h2 = max(0, 0 * input[0] - 3 * input[1] + 0.3)
      let expected = 2 * h0 - 1 * h1 + 0.5 * h2 - 0.25
      #expect(abs(output.scalars[row] - expected) < 1e-6)
    }
  }

  /// Initialisation follows `nn.Linear`: weight `[out, in]` and bias `[out]` within ±1/√in.
  @Test func initialisationHasPyTorchShapesAndBounds() {
    let mlp = MultilayerPerceptron(widths: [4, 9, 2], activation: .tanh)
    var rng = RandomGenerator(seed: 1)
    let p = mlp.initialParameters(using: &rng)
    #expect(Set(p.keys) == ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"])
    #expect(p["layers.0.weight"]!.shape == [9, 4])
    #expect(p["layers.1.weight"]!.shape == [2, 9])
    #expect(p["layers.0.weight"]!.scalars.allSatisfy { abs($0) <= 0.5 })
    #expect(p["layers.1.bias"]!.scalars.allSatisfy { abs($0) <= 1 / Float(9).squareRoot() })
  }

  /// Every MLP architecture names its weights like its PyTorch counterpart, with `[out, in]` shapes.
  @Test func everyMLPArchitectureUsesTheSameNamesAndLayout() {
    var rng = RandomGenerator(seed: 2)
    let classifier = MLPClassifier(inputShape: [2, 3], labelCount: 4, width: 5, depth: 1)
    let energy = MLPEnergy(dimension: 2, width: 7, depth: 2, activation: .silu)
    let conditional = ConditionalMLP(inputDimension: 3, outputDimension: 2, width: 6, depth: 1)
    let logits = LogitsMLPEnergy(inputShape: [3], labelCount: 2, hidden: [4])
    let regression = RegressionEnergy(inputShape: [3], outputDimension: 2, hidden: [4])
    let shapes = { (p: ParameterSet) in p.mapValues(\.shape) }
    #expect(
      shapes(classifier.initialParameters(using: &rng)) == [
        "layers.0.weight": [5, 6], "layers.0.bias": [5], "layers.1.weight": [4, 5], "layers.1.bias": [4],
      ])
    #expect(
      shapes(energy.initialParameters(using: &rng)) == [
        "layers.0.weight": [7, 2], "layers.0.bias": [7], "layers.1.weight": [7, 7], "layers.1.bias": [7],
        "layers.2.weight": [1, 7], "layers.2.bias": [1],
      ])
    #expect(
      shapes(conditional.initialParameters(using: &rng)) == [
        "layers.0.weight": [6, 5], "layers.0.bias": [6], "layers.1.weight": [1, 6], "layers.1.bias": [1],
      ])
    #expect(
      shapes(logits.initialParameters(using: &rng)) == [
        "f.0.weight": [4, 3], "f.0.bias": [4], "f.1.weight": [2, 4], "f.1.bias": [2],
      ])
    #expect(
      shapes(regression.initialParameters(using: &rng)) == [
        "g.0.weight": [4, 3], "g.0.bias": [4], "g.1.weight": [2, 4], "g.1.bias": [2],
      ])
  }

  /// The MLP energy's E(x) is the block's output, so `mlp` and the block cannot drift apart.
  @Test func mlpEnergyIsTheBlocksOutput() {
    let energy = MLPEnergy(dimension: 3, width: 8, depth: 2, activation: .softplus)
    var rng = RandomGenerator(seed: 3)
    let p = energy.initialParameters(using: &rng)
    let y = Tensor.normal([5, 3], using: &rng)
    #expect(energy.energy(x: nil, y: y, parameters: p).scalars == energy.network(y, parameters: p).scalars)
  }
}
