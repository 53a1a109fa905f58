import EBMProtocols
import Foundation
import Tensors

/// The box energy E(x, b) of Gustafsson et al. (BMVC 2020, §4.2–4.3), built like IoU-Net /
/// ATOM's box head at a size a CPU trains in minutes: a small CNN on the crop x, the candidate
/// box's features by exact PrRoI pooling (5×5 bins on the stride-4 map, 3×3 on the stride-8
/// map), and an MLP to one number.
///
/// ```
/// F₄ = relu(conv₃(pool(relu(conv₂(pool(relu(conv₁ x)))))))      [B, C, S/4, S/4]
/// F₈ = relu(conv₄(pool(F₄)))                                     [B, C, S/8, S/8]
/// b(u) = (r u₁ − e^u₃/2, r u₂ − e^u₄/2, r u₁ + e^u₃/2, r u₂ + e^u₄/2)    r = S / context
/// f(x, u) = MLP([PrRoI₅ₓ₅(F₄ ⊙ m₄, b); PrRoI₃ₓ₃(F₈ ⊙ m₈, b)]),   E = −f
/// ```
///
/// y is the box parametrisation u of ``BoxCrop`` (relative to the crop's reference size r), so
/// the M candidates of an example share one CNN pass. In the tracking form (`modulated`, the
/// ATOM/IoU-Net modulation) x holds the reference frame's crop and the test frame's crop
/// stacked on channels (`[B, 6, S, S]`); the reference box (the crop's centred reference)
/// pooled from the reference features gives channel weights m₄ = relu(W₄ p₄ + c₄),
/// m₈ = relu(W₈ p₈ + c₈) that modulate the test features; otherwise m = 1 and x is `[B, 3, S, S]`.
///
/// Parameters: `conv1` … `conv4` (3×3, PyTorch layout), the modulation layers `modulation4`,
/// `modulation8`, and `fc1`, `fc2`, `out`; PyTorch's default initialisation.
public struct BoxEnergy: EnergyFunction {
  /// S, the crop side in pixels (a multiple of 8).
  public var cropSize: Int
  /// How many times the reference box the crop covers (``BoxCrop/context``).
  public var context: Double
  /// C, the channels of the pooled feature maps.
  public var channels: Int
  /// Width of the MLP head.
  public var hidden: Int
  /// The tracking form: reference-frame features modulate the test frame's.
  public var modulated: Bool

  /// The energy; the sizes default to the options' (``Options``), the context to the box tasks' 2.
  public init(
    cropSize: Int = Options().cropSize, context: Double = 2, channels: Int = Options().channels,
    hidden: Int = Options().hidden, modulated: Bool = false
  ) {
    precondition(cropSize >= 16 && cropSize % 8 == 0 && context > 0 && channels >= 1 && hidden >= 1, "BoxEnergy: bad sizes")
    self.cropSize = cropSize
    self.context = context
    self.channels = channels
    self.hidden = hidden
    self.modulated = modulated
  }

  public var kind: EnergyKind {
    .conditional(inputShape: [modulated ? 6 : 3, cropSize, cropSize], outputDimension: 4)
  }

  /// The 3×3 convolutions (name, input channels, output channels), zero padding 1.
  var convolutions: [(name: String, inputs: Int, outputs: Int)] {
    [("conv1", 3, 16), ("conv2", 16, channels), ("conv3", channels, channels), ("conv4", channels, channels)]
  }

  /// PyTorch's default `nn.Conv2d` initialisation, U(±1/√(inputs · 9)).
  func initialiseConvolutions(into parameters: inout ParameterSet, using rng: inout RandomGenerator) {
    for (name, inputs, outputs) in convolutions {
      let bound = 1 / Float(inputs * 9).squareRoot()
      parameters[name + ".weight"] = Tensor.uniform([outputs, inputs, 3, 3], low: -bound, high: bound, using: &rng)
      parameters[name + ".bias"] = Tensor.uniform([outputs], low: -bound, high: bound, using: &rng)
    }
  }

  /// relu(conv(x) + b) of the convolution `name`.
  func convolve(_ name: String, _ x: Tensor, _ parameters: ParameterSet) -> Tensor {
    x.conv2d(parameters[name + ".weight"]!, bias: parameters[name + ".bias"]!, padding: 1).relu()
  }
  var modulation: [LinearLayer] {
    [
      LinearLayer(name: "modulation4", inputs: channels * 25, outputs: channels),
      LinearLayer(name: "modulation8", inputs: channels * 9, outputs: channels),
    ]
  }
  var head: [LinearLayer] {
    [
      LinearLayer(name: "fc1", inputs: channels * 34, outputs: hidden), LinearLayer(name: "fc2", inputs: hidden, outputs: hidden),
      LinearLayer(name: "out", inputs: hidden, outputs: 1),
    ]
  }

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    var parameters: ParameterSet = [:]
    initialiseConvolutions(into: &parameters, using: &rng)
    if modulated { for layer in modulation { layer.initialise(into: &parameters, using: &rng) } }
    for layer in head { layer.initialise(into: &parameters, using: &rng) }
    return parameters
  }

  /// F₄ and F₈ of images `[N, 3, S, S]`.
  func features(_ images: Tensor, _ parameters: ParameterSet) -> (Tensor, Tensor) {
    var h = convolve("conv1", images, parameters).maxPool2d(kernel: 2)
    h = convolve("conv2", h, parameters).maxPool2d(kernel: 2)
    let f4 = convolve("conv3", h, parameters)
    let f8 = convolve("conv4", f4.maxPool2d(kernel: 2), parameters)
    return (f4, f8)
  }

  /// PrRoI pooling of `boxes` `[K, 5]` from both maps, flattened and concatenated: `[K, 34 C]`.
  func pooled(_ f4: Tensor, _ f8: Tensor, boxes: Tensor) -> (Tensor, Tensor) {
    let k = boxes.shape[0]
    let p4 = Tensor.prRoIPool(f4, boxes: boxes, pooledHeight: 5, pooledWidth: 5, spatialScale: 0.25)
    let p8 = Tensor.prRoIPool(f8, boxes: boxes, pooledHeight: 3, pooledWidth: 3, spatialScale: 0.125)
    return (p4.reshaped([k, channels * 25]), p8.reshaped([k, channels * 9]))
  }

  /// Rows (batch index, x₁, y₁, x₂, y₂) in crop pixels of the candidates u `[B, M, 4]`.
  func boxes(_ u: Tensor) -> Tensor {
    let (b, m) = (u.shape[0], u.shape[1])
    let flat = u.reshaped([b * m, 4])
    let r = Float(Double(cropSize) / context)
    let cx = flat.slice(alongAxis: 1, 0..<1) * r
    let cy = flat.slice(alongAxis: 1, 1..<2) * r
    let halfW = flat.slice(alongAxis: 1, 2..<3).exp() * 0.5
    let halfH = flat.slice(alongAxis: 1, 3..<4).exp() * 0.5
    let index = Tensor(shape: [b * m, 1], scalars: (0..<(b * m)).map { Float($0 / m) })
    return Tensor.concatenate([index, cx - halfW, cy - halfH, cx + halfW, cy + halfH], alongAxis: 1)
  }

  /// The feature maps the box is pooled from: F₄ and F₈ of the crop, or, in the tracking form,
  /// of the test crop (channels 3–5) modulated channel-wise by the reference crop's
  /// (channels 0–2) centred reference box.
  func boxFeatures(_ x: Tensor, _ parameters: ParameterSet) -> (Tensor, Tensor) {
    guard modulated else { return features(x, parameters) }
    let b = x.shape[0]
    let (r4, r8) = features(x.slice(alongAxis: 1, 0..<3), parameters)
    let (f4, f8) = features(x.slice(alongAxis: 1, 3..<6), parameters)
    let logR = Float(log(Double(cropSize) / context))
    let reference = Tensor(shape: [b, 1, 4], scalars: Array(repeating: [1, 1, logR, logR], count: b).flatMap { $0 })
    let (p4, p8) = pooled(r4, r8, boxes: boxes(reference))
    let m4 = modulation[0](p4, parameters).relu().reshaped([b, channels, 1, 1])
    let m8 = modulation[1](p8, parameters).relu().reshaped([b, channels, 1, 1])
    return (f4 * m4, f8 * m8)
  }

  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    guard let x else { preconditionFailure("BoxEnergy is a conditional energy: x (the crops) is required") }
    return energy(condition: condition(x: x, parameters: parameters), y: y, parameters: parameters)
  }
}

extension BoxEnergy: ConditionableEnergy {
  /// F₄ and F₈ (modulated in the tracking form) of the crops x: the CNN, done once per x.
  public func condition(x: Tensor, parameters: ParameterSet) -> [Tensor] {
    let inputChannels = modulated ? 6 : 3
    precondition(
      x.shape.count == 4 && x.shape[1] == inputChannels && x.shape[2] == cropSize && x.shape[3] == cropSize,
      "BoxEnergy: x must be [B, \(inputChannels), \(cropSize), \(cropSize)], got \(x.shape)")
    let (f4, f8) = boxFeatures(x, parameters)
    return [f4, f8]
  }

  /// The candidates' pooled features through the MLP head: `[B, M]`.
  public func energy(condition: [Tensor], y: Tensor, parameters: ParameterSet) -> Tensor {
    let (f4, f8) = (condition[0], condition[1])
    let b = f4.shape[0]
    precondition(y.rank == 3 && y.shape[0] == b && y.shape[2] == 4, "BoxEnergy: y must be [B, M, 4] with B = \(b), got \(y.shape)")
    let m = y.shape[1]
    let (p4, p8) = pooled(f4, f8, boxes: boxes(y))
    var h = head[0](Tensor.concatenate([p4, p8], alongAxis: 1), parameters).relu()
    h = head[1](h, parameters).relu()
    return -head[2](h, parameters).reshaped([b, m])
  }
}
