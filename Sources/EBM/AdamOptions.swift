import EBMProtocols
import Tensors

/// The options of `adam` and `adamw`, with PyTorch's defaults (`torch.optim.Adam`,
/// `torch.optim.AdamW`: lr 1e-3, β = (0.9, 0.999), ε = 1e-8; weight decay 0 for Adam's L2
/// term, 0.01 for AdamW's decoupled decay, see ``adamW``).
public struct AdamOptions: TypedOptions, Equatable {
  /// The learning rate.
  public var learningRate: Float = 1e-3
  /// β₁, the first-moment decay.
  public var beta1 = 0.9
  /// β₂, the second-moment decay.
  public var beta2 = 0.999
  /// ε, added to √v̂.
  public var epsilon: Float = 1e-8
  /// The weight decay (Adam: L2 added to the gradient; AdamW: decoupled).
  public var weightDecay: Float = 0
  public init() {}

  /// AdamW's defaults: Adam's with decoupled weight decay 0.01.
  public static var adamW: AdamOptions {
    var options = AdamOptions()
    options.weightDecay = 0.01
    return options
  }

  public static let fields: [OptionField<AdamOptions>] = [
    .float("lr", \.learningRate, "learning rate", range: 0...10),
    .double("beta1", \.beta1, "first-moment decay", range: 0...0.9999999),
    .double("beta2", \.beta2, "second-moment decay", range: 0...0.9999999),
    .float("eps", \.epsilon, "added to √v̂", range: 0...1),
    .float("weight-decay", \.weightDecay, "weight decay (adam: L2 added to the gradient; adamw: decoupled)", range: 0...1),
  ]
}
