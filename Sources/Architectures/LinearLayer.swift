import EBMProtocols
import Tensors

/// A dense layer `out = in · Wᵀ + b` with PyTorch's layout (W is `[out, in]`) and PyTorch's
/// default `nn.Linear` initialisation, U(−1/√fan_in, 1/√fan_in) for weights and biases.
///
/// The parameters live in a ``ParameterSet`` under `"<name>.weight"` and `"<name>.bias"`.
public struct LinearLayer: Sendable {
  /// Parameter-name prefix, e.g. `predictor.fc1`.
  public var name: String
  /// Input width (fan-in).
  public var inputs: Int
  /// Output width.
  public var outputs: Int

  public init(name: String, inputs: Int, outputs: Int) {
    self.name = name
    self.inputs = inputs
    self.outputs = outputs
  }

  /// Key of the weight `[outputs, inputs]`.
  public var weightKey: String { name + ".weight" }
  /// Key of the bias `[outputs]`.
  public var biasKey: String { name + ".bias" }

  /// PyTorch's default initialisation, drawn from `rng`.
  public func initialise(into parameters: inout ParameterSet, using rng: inout RandomGenerator) {
    let bound = 1 / Float(inputs).squareRoot()
    parameters[weightKey] = Tensor.uniform([outputs, inputs], low: -bound, high: bound, using: &rng)
    parameters[biasKey] = Tensor.uniform([outputs], low: -bound, high: bound, using: &rng)
  }

  /// `input · Wᵀ + b` for input `[N, inputs]` → `[N, outputs]`.
  public func callAsFunction(_ input: Tensor, _ parameters: ParameterSet) -> Tensor {
    guard let weight = parameters[weightKey], let bias = parameters[biasKey] else {
      preconditionFailure("LinearLayer: parameters '\(weightKey)' and '\(biasKey)' are missing")
    }
    return Tensor.matmul(input, weight, transposeB: true) + bias
  }
}
