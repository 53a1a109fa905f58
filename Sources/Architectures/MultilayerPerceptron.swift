import EBMProtocols
import Tensors

/// The one fully connected network of swift-ebm, used by every MLP architecture (`mlp`,
/// `conditional-mlp`, `mlp-classifier`, `logits-mlp`, `regression-energy`):
///
/// ```
/// h₀ = x,   hₗ = φ(hₗ₋₁ Wₗᵀ + bₗ)  (l = 1 … L−1),   out = h_{L−1} W_Lᵀ + b_L
/// ```
///
/// Weights use PyTorch's `nn.Linear` layout and names: layer l (from 0) is a ``LinearLayer``
/// named `"<prefix>.<l>"`, with `"<prefix>.<l>.weight"` `[out, in]` and `"<prefix>.<l>.bias"`
/// `[out]`, initialised like `nn.Linear`: U(−1/√in, 1/√in), weight then bias, layer by layer.
/// The PyTorch module with the same `state_dict` keys (prefix `"layers"`):
///
/// ```python
/// class MLP(nn.Module):
///     def __init__(self, widths, act):
///         super().__init__()
///         self.layers = nn.ModuleList(nn.Linear(i, o) for i, o in zip(widths, widths[1:]))
///         self.act = act
///     def forward(self, x):
///         for layer in self.layers[:-1]:
///             x = self.act(layer(x))
///         return self.layers[-1](x)
/// ```
public struct MultilayerPerceptron: Sendable, Equatable {
  /// Layer widths, input first, output last (`[in, out]` is one linear map).
  public var widths: [Int]
  /// The hidden nonlinearity φ (not applied after the last layer).
  public var activation: MLPActivation
  /// Prefix of the parameter names (the PyTorch attribute holding the `nn.ModuleList`).
  public var prefix: String

  public init(widths: [Int], activation: MLPActivation, prefix: String = "layers") {
    precondition(
      widths.count >= 2 && widths.allSatisfy { $0 > 0 },
      "MultilayerPerceptron: widths \(widths) must be at least two positive sizes")
    self.widths = widths
    self.activation = activation
    self.prefix = prefix
  }

  /// The number of linear layers, L.
  public var layerCount: Int { widths.count - 1 }

  /// Linear layer `index` (0 … L−1).
  public func layer(_ index: Int) -> LinearLayer {
    LinearLayer(name: "\(prefix).\(index)", inputs: widths[index], outputs: widths[index + 1])
  }

  /// Fresh parameters, drawn from `rng` like PyTorch's default initialisation.
  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    var parameters: ParameterSet = [:]
    for index in 0..<layerCount { layer(index).initialise(into: &parameters, using: &rng) }
    return parameters
  }

  /// Inputs `[B, ...]` as rows `[B, n]` (flattened per example).
  public static func rows(_ x: Tensor) -> Tensor {
    x.rank == 2 ? x : x.reshaped([x.shape[0], -1])
  }

  /// The output `[N, widths.last]` for inputs `[N, widths.first]`.
  public func callAsFunction(_ x: Tensor, parameters: ParameterSet) -> Tensor {
    applying(x, layers: 0..<layerCount, parameters: parameters)
  }

  /// Layers `range` applied to `h`, φ after every layer but the network's last.
  public func applying(_ h: Tensor, layers range: Range<Int>, parameters: ParameterSet) -> Tensor {
    var h = h
    for index in range {
      h = layer(index)(h, parameters)
      if index < layerCount - 1 { h = activation.apply(h) }
    }
    return h
  }
}
