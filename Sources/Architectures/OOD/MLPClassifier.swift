import EBMProtocols
import Foundation
import Tensors

/// A multilayer-perceptron classifier read as a discrete-label energy.
///
/// ```
/// h₀ = flatten(x),  hₗ = relu(hₗ₋₁ Wₗᵀ + bₗ)  (l = 1 … depth),  f(x) = h_depth W_outᵀ + b_out
/// E(x, y) = −f_y(x),   free energy E(x) = −T log Σ_y exp(f_y(x) / T)
/// ```
///
/// The logits f are translated to energies once, here (DESIGN.md, "Energy sign"); the free
/// energy is the OOD energy score of Liu et al. (NeurIPS 2020). f is a ``MultilayerPerceptron``
/// (ReLU, widths `[in, width × depth, K]`).
///
/// - Parameters (names): `layers.<l>.weight` `[out, in]`, `layers.<l>.bias` `[out]`, l = 0 … depth
///   (the last one is the output layer): the `state_dict` of PyTorch's
///   `nn.Sequential(nn.Flatten(), MLP)` with `MLP.layers` an `nn.ModuleList` of `nn.Linear`
///   (see ``MultilayerPerceptron``), initialised like `nn.Linear`.
public struct MLPClassifier: LabelEnergyFunction {
  /// Shape of one input (flattened to `inputSize`).
  public let inputShape: [Int]
  /// Number of classes K.
  public let labelCount: Int
  /// Hidden width.
  public let width: Int
  /// Number of hidden layers.
  public let depth: Int
  /// f.
  public let network: MultilayerPerceptron

  public init(inputShape: [Int], labelCount: Int, width: Int = Options().width, depth: Int = Options().depth) {
    precondition(labelCount >= 1 && width >= 1 && depth >= 0, "MLPClassifier: bad sizes")
    self.inputShape = inputShape
    self.labelCount = labelCount
    self.width = width
    self.depth = depth
    network = MultilayerPerceptron(
      widths: [inputShape.reduce(1, *)] + Array(repeating: width, count: depth) + [labelCount], activation: .relu)
  }

  /// Flattened input size.
  public var inputSize: Int { inputShape.reduce(1, *) }

  public var kind: EnergyKind { .discrete(inputShape: inputShape, labelCount: labelCount) }

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    network.initialParameters(using: &rng)
  }

  /// The logits f(x), `[B, K]`.
  public func logits(x: Tensor, parameters: ParameterSet) -> Tensor {
    network(x.reshaped([x.shape[0], inputSize]), parameters: parameters)
  }

  /// E(x, y) = −f_y(x) for every label, `[B, K]`.
  public func labelEnergies(x: Tensor, parameters: ParameterSet) -> Tensor {
    -logits(x: x, parameters: parameters)
  }
}
