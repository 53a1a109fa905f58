import EBMProtocols
import Tensors

/// A convolutional classifier read as a discrete-label energy.
///
/// ```
/// h₀ = x as [C, H, W],  hₗ = maxpool₂(relu(conv₃ₓ₃(hₗ₋₁; Wₗ) + bₗ))   (l = 0 … depth − 1),
/// f(x) = flatten(h_depth) W_headᵀ + b_head,   E(x, y) = −f_y(x)
/// ```
///
/// Block l has `width · 2ˡ` channels; the 2×2 max pooling is skipped once a side is 1. The logits
/// are translated to energies once, here (DESIGN.md, "Energy sign"), so every classifier objective
/// and the free-energy OOD score apply unchanged. Initialisation is PyTorch's default for
/// `nn.Conv2d` and `nn.Linear`.
///
/// - Parameters (names): `conv{l}.weight` `[out, in, 3, 3]`, `conv{l}.bias` `[out]`, `head.weight`
///   `[K, features]`, `head.bias` `[K]`.
public struct ConvClassifier: LabelEnergyFunction {
  /// The task's input shape (each input is read as ``image``).
  public let inputShape: [Int]
  /// The images the input holds.
  public let image: ImageShape
  /// Number of classes K.
  public let labelCount: Int
  /// Channels of the first block (doubling each block).
  public let width: Int
  /// Number of conv blocks.
  public let depth: Int

  public init(
    inputShape: [Int], image: ImageShape, labelCount: Int, width: Int = Options().width, depth: Int = Options().depth
  ) {
    precondition(labelCount >= 1 && width >= 1 && depth >= 0, "ConvClassifier: bad sizes")
    precondition(inputShape.reduce(1, *) == image.count, "ConvClassifier: input \(inputShape) is not \(image)")
    self.inputShape = inputShape
    self.image = image
    self.labelCount = labelCount
    self.width = width
    self.depth = depth
  }

  public var kind: EnergyKind { .discrete(inputShape: inputShape, labelCount: labelCount) }

  /// The conv blocks, first to last.
  var blocks: [Conv2DLayer] {
    var inputs = image.channels
    return (0..<depth).map { l in
      let outputs = width << l
      defer { inputs = outputs }
      return Conv2DLayer(name: "conv\(l)", inputs: inputs, outputs: outputs)
    }
  }

  /// (height, width) after the blocks' pooling.
  var featureSize: (height: Int, width: Int) {
    var (h, w) = (image.height, image.width)
    for _ in 0..<depth where h >= 2 && w >= 2 {
      h /= 2
      w /= 2
    }
    return (h, w)
  }

  var head: LinearLayer {
    let channels = depth == 0 ? image.channels : width << (depth - 1)
    return LinearLayer(name: "head", inputs: channels * featureSize.height * featureSize.width, outputs: labelCount)
  }

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    var parameters: ParameterSet = [:]
    for block in blocks { block.initialise(into: &parameters, using: &rng) }
    head.initialise(into: &parameters, using: &rng)
    return parameters
  }

  /// The logits f(x), `[B, K]`.
  public func logits(x: Tensor, parameters: ParameterSet) -> Tensor {
    var h = image.images(x)
    for block in blocks {
      h = block(h, parameters).relu()
      if h.shape[2] >= 2 && h.shape[3] >= 2 { h = h.maxPool2d(kernel: 2) }
    }
    return head(h.reshaped([h.shape[0], -1]), parameters)
  }

  /// E(x, y) = −f_y(x) for every label, `[B, K]`.
  public func labelEnergies(x: Tensor, parameters: ParameterSet) -> Tensor {
    -logits(x: x, parameters: parameters)
  }
}
