import EBMProtocols
import Foundation
import Tensors

/// A multilayer-perceptron classifier read as a discrete-label energy.
///
/// ```
/// h₀ = flatten(x),  hₗ = relu(hₗ₋₁ Wₗ + bₗ)  (l = 1 … depth),  f(x) = h_depth W_out + b_out
/// E(x, y) = −f_y(x),   free energy E(x) = −T log Σ_y exp(f_y(x) / T)
/// ```
///
/// The logits f are translated to energies once, here (DESIGN.md, "Energy sign"); the free
/// energy is the OOD energy score of Liu et al. (NeurIPS 2020). Weights and biases are drawn
/// like PyTorch's `nn.Linear` default: U(−1/√fan_in, 1/√fan_in).
///
/// - Parameters (names): `layer{l}.weight` `[in, out]`, `layer{l}.bias` `[out]`, l = 0 … depth
///   (the last one is the output layer).
public struct MLPClassifier: LabelEnergyFunction {
  /// Shape of one input (flattened to `inputSize`).
  public let inputShape: [Int]
  /// Number of classes K.
  public let labelCount: Int
  /// Hidden width.
  public let width: Int
  /// Number of hidden layers.
  public let depth: Int

  public init(inputShape: [Int], labelCount: Int, width: Int = 128, depth: Int = 2) {
    precondition(labelCount >= 1 && width >= 1 && depth >= 0, "MLPClassifier: bad sizes")
    self.inputShape = inputShape
    self.labelCount = labelCount
    self.width = width
    self.depth = depth
  }

  /// Flattened input size.
  public var inputSize: Int { inputShape.reduce(1, *) }

  public var kind: EnergyKind { .discrete(inputShape: inputShape, labelCount: labelCount) }

  /// (fan-in, fan-out) of every layer, the output layer last.
  var layerSizes: [(Int, Int)] {
    var sizes: [(Int, Int)] = []
    var fanIn = inputSize
    for _ in 0..<depth {
      sizes.append((fanIn, width))
      fanIn = width
    }
    sizes.append((fanIn, labelCount))
    return sizes
  }

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    var parameters: ParameterSet = [:]
    for (l, (fanIn, fanOut)) in layerSizes.enumerated() {
      let bound = 1 / Float(fanIn).squareRoot()
      let w = (0..<(fanIn * fanOut)).map { _ in (2 * rng.nextFloat() - 1) * bound }
      let b = (0..<fanOut).map { _ in (2 * rng.nextFloat() - 1) * bound }
      parameters["layer\(l).weight"] = Tensor(shape: [fanIn, fanOut], scalars: w)
      parameters["layer\(l).bias"] = Tensor(shape: [fanOut], scalars: b)
    }
    return parameters
  }

  /// The logits f(x), `[B, K]`.
  public func logits(x: Tensor, parameters: ParameterSet) -> Tensor {
    let batch = x.shape[0]
    var h = x.reshaped([batch, inputSize])
    let last = layerSizes.count - 1
    for l in 0...last {
      guard let w = parameters["layer\(l).weight"], let b = parameters["layer\(l).bias"] else {
        preconditionFailure("MLPClassifier: missing parameters of layer \(l)")
      }
      h = Tensor.matmul(h, w) + b
      if l < last { h = h.relu() }
    }
    return h
  }

  /// E(x, y) = −f_y(x) for every label, `[B, K]`.
  public func labelEnergies(x: Tensor, parameters: ParameterSet) -> Tensor {
    -logits(x: x, parameters: parameters)
  }
}
