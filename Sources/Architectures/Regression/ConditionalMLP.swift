import EBMProtocols
import Tensors

/// A general conditional energy E(x, y) = −f(x, y) with f a multilayer perceptron on the
/// concatenation [x; y]:
///
/// ```
/// h₁ = act(W₁ [x; y] + b₁),  h_{k+1} = act(W_{k+1} h_k + b_{k+1}),  f = w_out · h_depth + b_out
/// ```
///
/// f is a ``MultilayerPerceptron`` with widths `[dx + dy, width × depth, 1]`: parameters
/// `layers.<l>.weight` `[out, in]` and `layers.<l>.bias`, PyTorch's `nn.Linear` layers in an
/// `nn.ModuleList` named `layers` (the first layer's input is `torch.cat([x, y], -1)`).
/// The first layer is split into its x columns (applied once per example) and its y columns
/// (applied per candidate), so the M candidates of an example share one x computation.
///
/// Shapes: x `[B, dx]`, y `[B, M, dy]` → E `[B, M]`.
public struct ConditionalMLP: EnergyFunction {
  public var inputDimension: Int
  public var outputDimension: Int
  /// Hidden width.
  public var width: Int
  /// Number of hidden layers (≥ 1).
  public var depth: Int
  public var activation: MLPActivation

  public init(
    inputDimension: Int, outputDimension: Int, width: Int = Options().width, depth: Int = Options().depth,
    activation: MLPActivation = Options().activation
  ) {
    precondition(inputDimension >= 1 && outputDimension >= 1 && width >= 1 && depth >= 1, "ConditionalMLP: sizes must be >= 1")
    self.inputDimension = inputDimension
    self.outputDimension = outputDimension
    self.width = width
    self.depth = depth
    self.activation = activation
  }

  public var kind: EnergyKind { .conditional(inputShape: [inputDimension], outputDimension: outputDimension) }

  /// f.
  public var network: MultilayerPerceptron {
    MultilayerPerceptron(
      widths: [inputDimension + outputDimension] + Array(repeating: width, count: depth) + [1], activation: activation)
  }

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    network.initialParameters(using: &rng)
  }

  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    guard let x else { preconditionFailure("ConditionalMLP is a conditional energy: x is required") }
    let b = x.shape[0]
    let flatX = x.reshaped([b, -1])
    precondition(flatX.shape[1] == inputDimension, "ConditionalMLP: x has \(flatX.shape[1]) features, expected \(inputDimension)")
    let candidates = y.rank == 2 && outputDimension == 1 ? y.unsqueezed(at: 2) : y
    precondition(
      candidates.rank == 3 && candidates.shape[0] == b && candidates.shape[2] == outputDimension,
      "ConditionalMLP: y must be [B, M, \(outputDimension)] with B = \(b), got \(y.shape)")
    let m = candidates.shape[1]
    let network = network
    let first = network.layer(0)
    let w = parameters[first.weightKey]!
    let xPart = Tensor.matmul(flatX, w.slice(alongAxis: 1, 0..<inputDimension), transposeB: true)
      + parameters[first.biasKey]!
    let yPart = Tensor.matmul(
      candidates.reshaped([b * m, outputDimension]),
      w.slice(alongAxis: 1, inputDimension..<(inputDimension + outputDimension)), transposeB: true)
    let h = activation.apply((yPart.reshaped([b, m, width]) + xPart.unsqueezed(at: 1)).reshaped([b * m, width]))
    return -network.applying(h, layers: 1..<network.layerCount, parameters: parameters).reshaped([b, m])
  }
}
