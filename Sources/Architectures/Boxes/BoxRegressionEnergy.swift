import EBMProtocols
import Foundation
import Tensors

/// The direct-regression baseline of box refinement: the CNN and pooling of ``BoxEnergy`` read
/// the crop's reference box and an MLP predicts the true box's u, g(x) ∈ ℝ⁴, written as the
/// quadratic energy
///
/// ```
/// E(x, u) = ½ ‖u − g(x)‖²
/// ```
///
/// whose energy loss E(x, u_true) (LeCun et al. 2006, `energy`) is exactly L2 regression of the
/// box (it cannot collapse: the curvature is fixed), and whose minimiser, g(x), one gradient
/// step of length 1 reaches. Shapes: x `[B, 3, S, S]` (or, in the tracking form `modulated`, the
/// reference and test crops `[B, 6, S, S]`, the test features modulated as in ``BoxEnergy``),
/// y `[B, M, 4]` → `[B, M]`.
public struct BoxRegressionEnergy: EnergyFunction {
  /// The shared feature network and pooling.
  public var backbone: BoxEnergy

  /// The energy; the sizes default to the box energies' options (``BoxEnergy/Options``).
  public init(
    cropSize: Int = BoxEnergy.Options().cropSize, context: Double = 2, channels: Int = BoxEnergy.Options().channels,
    hidden: Int = BoxEnergy.Options().hidden, modulated: Bool = false
  ) {
    backbone = BoxEnergy(cropSize: cropSize, context: context, channels: channels, hidden: hidden, modulated: modulated)
  }

  public var kind: EnergyKind { backbone.kind }

  var head: [LinearLayer] {
    [
      LinearLayer(name: "fc1", inputs: backbone.channels * 34, outputs: backbone.hidden),
      LinearLayer(name: "fc2", inputs: backbone.hidden, outputs: backbone.hidden),
      LinearLayer(name: "out", inputs: backbone.hidden, outputs: 4),
    ]
  }

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    var parameters: ParameterSet = [:]
    backbone.initialiseConvolutions(into: &parameters, using: &rng)
    if backbone.modulated { for layer in backbone.modulation { layer.initialise(into: &parameters, using: &rng) } }
    for layer in head { layer.initialise(into: &parameters, using: &rng) }
    return parameters
  }

  /// g(x) `[B, 4]`: the reference's u (1, 1, log r, log r) plus the predicted offset.
  public func prediction(_ x: Tensor, parameters: ParameterSet) -> Tensor {
    let b = x.shape[0]
    let logR = Float(log(Double(backbone.cropSize) / backbone.context))
    let reference = Tensor(shape: [b, 1, 4], scalars: Array(repeating: [1, 1, logR, logR], count: b).flatMap { $0 })
    let (f4, f8) = backbone.boxFeatures(x, parameters)
    let (p4, p8) = backbone.pooled(f4, f8, boxes: backbone.boxes(reference))
    var h = head[0](Tensor.concatenate([p4, p8], alongAxis: 1), parameters).relu()
    h = head[1](h, parameters).relu()
    return reference.reshaped([b, 4]) + head[2](h, parameters)
  }

  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    guard let x else { preconditionFailure("BoxRegressionEnergy is a conditional energy: x (the crops) is required") }
    return energy(condition: condition(x: x, parameters: parameters), y: y, parameters: parameters)
  }
}

extension BoxRegressionEnergy: ConditionableEnergy {
  /// g(x), done once per x.
  public func condition(x: Tensor, parameters: ParameterSet) -> [Tensor] {
    [prediction(x, parameters: parameters)]
  }

  /// ½ ‖y − g(x)‖² of every candidate: `[B, M]`.
  public func energy(condition: [Tensor], y: Tensor, parameters: ParameterSet) -> Tensor {
    let g = condition[0]
    precondition(
      y.rank == 3 && y.shape[0] == g.shape[0] && y.shape[2] == 4, "BoxRegressionEnergy: y must be [B, M, 4], got \(y.shape)")
    return ((y - g.unsqueezed(at: 1)).squared().sum(alongAxis: 2)) * 0.5
  }
}
