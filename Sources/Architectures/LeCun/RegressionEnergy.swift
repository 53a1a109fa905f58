import EBMProtocols
import Tensors

/// The regression energy: the squared distance between the answer and a network's prediction.
///
/// ```
/// E(W, Y, X) = ‖Y − G_W(X)‖²
/// ```
/// Inference is trivial (Y* = G_W(X)), and the energy loss is plain squared error, which does
/// not collapse: lowering E(Yⁱ) means moving G_W(Xⁱ) towards Yⁱ, which raises the energy of
/// every answer far from Yⁱ. G_W is linear (`hidden` empty) or an MLP (``MultilayerPerceptron``; parameters
/// `g.<l>.weight` `[out, in]`, `g.<l>.bias`, as PyTorch's `nn.Linear` layers in an `nn.ModuleList` `g`).
///
/// Shapes: x `[B, ...]`, candidates y `[B, M, d]` → `[B, M]`.
///
/// Reference: LeCun et al., "A Tutorial on Energy-Based Learning" (2006), sections 2.2.1 and 3.1.
public struct RegressionEnergy: EnergyFunction {
  public let inputShape: [Int]
  public let outputDimension: Int
  /// G_W.
  public let network: MultilayerPerceptron

  public init(inputShape: [Int], outputDimension: Int, hidden: [Int], activation: MLPActivation = Options().activation) {
    self.inputShape = inputShape
    self.outputDimension = outputDimension
    network = MultilayerPerceptron(widths: [inputShape.reduce(1, *)] + hidden + [outputDimension], activation: activation, prefix: "g")
  }

  public var kind: EnergyKind { .conditional(inputShape: inputShape, outputDimension: outputDimension) }

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    network.initialParameters(using: &rng)
  }

  /// G_W(x), `[B, d]`.
  public func prediction(x: Tensor, parameters: ParameterSet) -> Tensor {
    network(MultilayerPerceptron.rows(x), parameters: parameters)
  }

  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    guard let x else { preconditionFailure("RegressionEnergy needs inputs x") }
    let g = prediction(x: x, parameters: parameters)  // [B, d]
    let b = g.shape[0]
    let candidates = y.reshaped([b, -1, outputDimension])
    return (candidates - g.unsqueezed(at: 1)).squared().sum(alongAxis: 2)
  }
}
