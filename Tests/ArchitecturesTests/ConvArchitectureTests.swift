import EBMProtocols
import Testing
import Tensors
@testable import Architectures

/// conv-classifier and conv-energy: shapes from the task, the layers they compute, and the first-
/// and second-order gradients the classifier objectives, samplers and score matching rely on.
@Suite struct ConvArchitectureTests {
  func registry() -> Registry {
    var registry = Registry()
    ArchitectureRegistration.register(in: &registry)
    return registry
  }

  @Test func classifierReadsFlatDigitsAsImages() throws {
    let context = ComponentContext(energyKind: .discrete(inputShape: [64], labelCount: 6))
    let energy = try registry().architectures.make(ComponentReference("conv-classifier"), context: context)
    let classifier = try #require(energy as? ConvClassifier)
    #expect(classifier.image == ImageShape(channels: 1, height: 8, width: 8))
    #expect(classifier.kind == .discrete(inputShape: [64], labelCount: 6))
    var rng = RandomGenerator(seed: 1)
    let p = classifier.initialParameters(using: &rng)
    // 8x8 -> pool 4x4 (32 channels) -> pool 2x2 (64 channels): 256 features.
    #expect(p["conv0.weight"]?.shape == [32, 1, 3, 3])
    #expect(p["conv1.weight"]?.shape == [64, 32, 3, 3])
    #expect(p["head.weight"]?.shape == [6, 256])
    let x = Tensor.uniform([5, 64], low: 0, high: 1, using: &rng)
    let energies = classifier.labelEnergies(x: x, parameters: p)
    #expect(energies.shape == [5, 6])
    // The logits by hand from the public ops.
    var h = x.reshaped([5, 1, 8, 8])
    for l in 0..<2 {
      h = h.conv2d(p["conv\(l).weight"]!, bias: p["conv\(l).bias"]!, padding: 1).relu().maxPool2d(kernel: 2)
    }
    let logits = Tensor.matmul(h.reshaped([5, 256]), p["head.weight"]!, transposeB: true) + p["head.bias"]!
    #expect(energies.scalars == (-logits).scalars)

    // A flat input that is not square planes is an error naming the option.
    let odd = ComponentContext(energyKind: .discrete(inputShape: [63], labelCount: 6))
    #expect {
      try registry().architectures.make(ComponentReference("conv-classifier"), context: odd)
    } throws: { error in
      "\(error)".contains("channels")
    }
    // [C, H, W] inputs are used as they are; a regression task is refused.
    let rgb = ComponentContext(energyKind: .discrete(inputShape: [3, 6, 5], labelCount: 2))
    let colour = try registry().architectures.make(
      ComponentReference("conv-classifier", options: ["width": .int(4), "depth": .int(3)]), context: rgb)
    #expect((colour as? ConvClassifier)?.image == ImageShape(channels: 3, height: 6, width: 5))
    let regression = ComponentContext(energyKind: .conditional(inputShape: [64], outputDimension: 1))
    #expect(throws: EBMError.self) {
      try registry().architectures.make(ComponentReference("conv-classifier"), context: regression)
    }
  }

  @Test func classifierParameterGradientsMatchFiniteDifferences() throws {
    let classifier = ConvClassifier(
      inputShape: [2, 4, 4], image: ImageShape(channels: 2, height: 4, width: 4), labelCount: 3, width: 2, depth: 2)
    // ReLU and max pooling have kinks that a finite-difference step must not cross: take the
    // first seed whose pre-activations and pooling windows are all at least 5e-3 from one.
    func awayFromKinks(_ x: Tensor, _ p: ParameterSet) -> Bool {
      var h = x
      for l in 0..<2 {
        let z = h.conv2d(p["conv\(l).weight"]!, bias: p["conv\(l).bias"]!, padding: 1)
        guard z.scalars.allSatisfy({ Swift.abs($0) >= 5e-3 }) else { return false }
        let a = z.relu()
        // The two largest of each 2x2 window differ by 5e-3 unless both are 0.
        let (hh, ww) = (a.shape[2], a.shape[3])
        for plane in 0..<(a.shape[0] * a.shape[1]) {
          for i in Swift.stride(from: 0, to: hh - 1, by: 2) {
            for j in Swift.stride(from: 0, to: ww - 1, by: 2) {
              let window = [(i, j), (i, j + 1), (i + 1, j), (i + 1, j + 1)]
                .map { a.scalars[plane * hh * ww + $0.0 * ww + $0.1] }.sorted(by: >)
              if window[0] > 0 && window[0] - window[1] < 5e-3 { return false }
            }
          }
        }
        h = a.maxPool2d(kernel: 2)
      }
      return true
    }
    var found: (x: Tensor, p: ParameterSet)?
    for seed in UInt64(1)...40 {
      var rng = RandomGenerator(seed: seed)
      let p = classifier.initialParameters(using: &rng)
      let x = Tensor.uniform([2, 2, 4, 4], low: -1, high: 1, using: &rng)
      if awayFromKinks(x, p) {
        found = (x, p)
        break
      }
    }
    let (x, p) = try #require(found, "no seed in 1...40 keeps the point away from the kinks")
    let names = p.keys.sorted()
    let result = GradientChecker.check(at: names.map { p[$0]! }, epsilon: 1e-3) { values in
      var q: ParameterSet = [:]
      for (name, value) in zip(names, values) { q[name] = value }
      return classifier.freeEnergy(x: x, parameters: q).sum()
    }
    #expect(result.passed, "\(result)")
  }

  @Test func energyHasSecondOrderGradientsForScoreMatching() throws {
    let context = ComponentContext(energyKind: .unconditional(dimension: 36))
    let built = try registry().architectures.make(
      ComponentReference("conv-energy", options: ["width": .int(2), "depth": .int(2), "activation": .string("softplus")]),
      context: context)
    let energy = try #require(built as? ConvEnergy)
    #expect(energy.image == ImageShape(channels: 1, height: 6, width: 6))
    var rng = RandomGenerator(seed: 3)
    let p = energy.initialParameters(using: &rng)
    let y = Tensor.uniform([4, 36], low: -1, high: 1, using: &rng)
    #expect(energy.energy(x: nil, y: y, parameters: p).shape == [4])
    // S(θ) = Σ v ⊙ ∂E/∂y, with ∂E/∂y from the protocol's createGraph path, against finite
    // differences of S in every parameter.
    let v = Tensor.uniform([4, 36], low: 0.5, high: 1.5, using: &rng)
    let names = p.keys.sorted()
    let result = GradientChecker.check(at: names.map { p[$0]! }) { values in
      var q: ParameterSet = [:]
      for (name, value) in zip(names, values) { q[name] = value }
      return withGradients {
        (energy.energyGradient(x: nil, y: y, parameters: q, createGraph: true) * v).sum()
      }
    }
    #expect(result.passed, "\(result)")
    // And ∂E/∂y itself against finite differences.
    let first = GradientChecker.check(at: [y]) { point in energy.energy(x: nil, y: point[0], parameters: p).sum() }
    #expect(first.passed, "\(first)")
  }
}
