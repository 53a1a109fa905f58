import EBMProtocols
import Tensors

/// A fully connected network x ↦ W_L φ(… φ(W_1 x + b_1) …) + b_L, the building block of the
/// LeCun-framework energies (G_W of the regression energy, f of the logits energy).
///
/// Parameters are named `"<prefix>.<layer>.weight"` `[out, in]` and `"<prefix>.<layer>.bias"`
/// `[out]`, initialised like PyTorch's `nn.Linear`: U(−1/√in, 1/√in).
public struct LeCunMLP: Sendable, Equatable {
  /// The hidden nonlinearity φ.
  public enum Activation: String, Sendable, CaseIterable {
    case tanh, relu
  }

  /// Layer widths, input first, output last (`[in, out]` is a linear map).
  public var widths: [Int]
  public var activation: Activation
  /// Prefix of the parameter names.
  public var prefix: String

  public init(widths: [Int], activation: Activation = .relu, prefix: String) {
    precondition(widths.count >= 2 && widths.allSatisfy { $0 > 0 }, "LeCunMLP: widths \(widths) must be >= 2 positive sizes")
    self.widths = widths
    self.activation = activation
    self.prefix = prefix
  }

  /// Fresh parameters.
  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    var p: ParameterSet = [:]
    for layer in 0..<(widths.count - 1) {
      let (fanIn, fanOut) = (widths[layer], widths[layer + 1])
      let bound = 1 / Float(fanIn).squareRoot()
      p["\(prefix).\(layer).weight"] = Tensor.uniform([fanOut, fanIn], low: -bound, high: bound, using: &rng)
      p["\(prefix).\(layer).bias"] = Tensor.uniform([fanOut], low: -bound, high: bound, using: &rng)
    }
    return p
  }

  /// Inputs `[B, ...]` as rows `[B, n]` (flattened per example).
  static func rows(_ x: Tensor) -> Tensor {
    x.rank == 2 ? x : x.reshaped([x.shape[0], -1])
  }

  /// The output `[B, widths.last]` for inputs `[B, widths.first]`.
  public func callAsFunction(_ x: Tensor, parameters p: ParameterSet) -> Tensor {
    var h = x
    for layer in 0..<(widths.count - 1) {
      guard let w = p["\(prefix).\(layer).weight"], let b = p["\(prefix).\(layer).bias"] else {
        preconditionFailure("LeCunMLP: parameters '\(prefix).\(layer).weight/bias' are missing")
      }
      h = Tensor.matmul(h, w, transposeB: true) + b
      if layer < widths.count - 2 {
        h = activation == .tanh ? h.tanh() : h.relu()
      }
    }
    return h
  }
}
