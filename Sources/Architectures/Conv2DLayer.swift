import EBMProtocols
import Tensors

/// A 2-D convolution layer `out = conv2d(in, W) + b` on NCHW tensors with PyTorch's layout (W is
/// `[outputs, inputs, k, k]`) and PyTorch's default `nn.Conv2d` initialisation,
/// U(−1/√fan_in, 1/√fan_in) for weights and biases with fan_in = inputs · k².
///
/// The parameters live in a ``ParameterSet`` under `"<name>.weight"` and `"<name>.bias"`.
public struct Conv2DLayer: Sendable {
  /// Parameter-name prefix, e.g. `conv0`.
  public var name: String
  /// Input channels.
  public var inputs: Int
  /// Output channels.
  public var outputs: Int
  /// Square kernel size.
  public var kernel: Int
  /// Zero padding on each side (`kernel / 2` keeps the spatial size at stride 1).
  public var padding: Int

  public init(name: String, inputs: Int, outputs: Int, kernel: Int = 3, padding: Int? = nil) {
    precondition(inputs >= 1 && outputs >= 1 && kernel >= 1, "Conv2DLayer \(name): bad sizes")
    self.name = name
    self.inputs = inputs
    self.outputs = outputs
    self.kernel = kernel
    self.padding = padding ?? kernel / 2
  }

  /// Key of the weight `[outputs, inputs, kernel, kernel]`.
  public var weightKey: String { name + ".weight" }
  /// Key of the bias `[outputs]`.
  public var biasKey: String { name + ".bias" }

  /// PyTorch's default initialisation, drawn from `rng`.
  public func initialise(into parameters: inout ParameterSet, using rng: inout RandomGenerator) {
    let bound = 1 / Float(inputs * kernel * kernel).squareRoot()
    parameters[weightKey] = Tensor.uniform([outputs, inputs, kernel, kernel], low: -bound, high: bound, using: &rng)
    parameters[biasKey] = Tensor.uniform([outputs], low: -bound, high: bound, using: &rng)
  }

  /// `conv2d(input, W) + b` for input `[N, inputs, H, W]`.
  public func callAsFunction(_ input: Tensor, _ parameters: ParameterSet) -> Tensor {
    guard let weight = parameters[weightKey], let bias = parameters[biasKey] else {
      preconditionFailure("Conv2DLayer: missing parameters \(weightKey) / \(biasKey)")
    }
    return input.conv2d(weight, bias: bias, padding: SpatialPair(padding))
  }
}
