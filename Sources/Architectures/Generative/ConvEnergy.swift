import EBMProtocols
import Tensors

/// A convolutional energy E_θ(x) over images, for unconditional (generative) models.
///
/// ```
/// h₀ = x as [C, H, W],  hₗ = avgpool₂(φ(conv₃ₓ₃(hₗ₋₁; Wₗ) + bₗ))   (l = 0 … depth − 1),
/// E(x) = flatten(h_depth) · w + b
/// ```
///
/// Block l has `width · 2ˡ` channels; the 2×2 average pooling is skipped once a side is 1. A smooth
/// φ (SiLU by default) and average rather than max pooling give the smooth ∂E/∂x that Langevin
/// dynamics and score matching need; both are differentiable to second order, so the DSM and SM
/// objectives train it as they train the MLP energy. Initialisation is PyTorch's default for
/// `nn.Conv2d` and `nn.Linear`.
///
/// - Parameters (names): `conv{l}.weight` `[out, in, 3, 3]`, `conv{l}.bias` `[out]`,
///   `output.weight` `[1, features]`, `output.bias` `[1]`.
public struct ConvEnergy: EnergyFunction {
  /// The images each point y `[d]` holds (d = C·H·W).
  public let image: ImageShape
  /// Channels of the first block (doubling each block).
  public let width: Int
  /// Number of conv blocks.
  public let depth: Int
  /// Hidden nonlinearity φ.
  public let activation: MLPActivation

  public init(
    image: ImageShape, width: Int = Options().width, depth: Int = Options().depth,
    activation: MLPActivation = Options().activation
  ) {
    precondition(width >= 1 && depth >= 0, "ConvEnergy: bad sizes")
    self.image = image
    self.width = width
    self.depth = depth
    self.activation = activation
  }

  public var kind: EnergyKind { .unconditional(dimension: image.count) }

  var blocks: [Conv2DLayer] {
    var inputs = image.channels
    return (0..<depth).map { l in
      let outputs = width << l
      defer { inputs = outputs }
      return Conv2DLayer(name: "conv\(l)", inputs: inputs, outputs: outputs)
    }
  }

  var output: LinearLayer {
    var (h, w) = (image.height, image.width)
    for _ in 0..<depth where h >= 2 && w >= 2 {
      h /= 2
      w /= 2
    }
    let channels = depth == 0 ? image.channels : width << (depth - 1)
    return LinearLayer(name: "output", inputs: channels * h * w, outputs: 1)
  }

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    var parameters: ParameterSet = [:]
    for block in blocks { block.initialise(into: &parameters, using: &rng) }
    output.initialise(into: &parameters, using: &rng)
    return parameters
  }

  /// E(y) per point: y `[N, C·H·W]` → `[N]`.
  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    precondition(
      y.rank == 2 && y.shape[1] == image.count, "ConvEnergy: points must be [N, \(image.count)], got \(y.shape)")
    var h = image.images(y)
    for block in blocks {
      h = activation.apply(block(h, parameters))
      if h.shape[2] >= 2 && h.shape[3] >= 2 { h = h.avgPool2d(kernel: 2) }
    }
    return output(h.reshaped([h.shape[0], -1]), parameters).reshaped([y.shape[0]])
  }
}
