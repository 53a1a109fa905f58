import EBMProtocols
import Tensors

/// The options of the `sgd` optimizer, with PyTorch's defaults (`torch.optim.SGD`; its lr has
/// no default there, ours is 1e-3).
public struct SGDOptions: TypedOptions, Equatable {
  /// The learning rate.
  public var learningRate: Float = 1e-3
  /// μ, the momentum.
  public var momentum: Float = 0
  /// Nesterov momentum (needs momentum > 0).
  public var nesterov = false
  /// L2 weight decay added to the gradient.
  public var weightDecay: Float = 0
  public init() {}
  public static let fields: [OptionField<SGDOptions>] = [
    .float("lr", \.learningRate, "learning rate", range: 0...10),
    .float("momentum", \.momentum, "momentum μ", range: 0...0.9999),
    .bool("nesterov", \.nesterov, "Nesterov momentum (needs momentum > 0)"),
    .float("weight-decay", \.weightDecay, "L2 weight decay added to the gradient", range: 0...1),
  ]

  /// The optimizer.
  ///
  /// - Throws: ``EBMError/invalidOption(component:option:reason:)`` for settings SGD refuses.
  public func makeOptimizer() throws -> SGD {
    do {
      return try SGD(learningRate: learningRate, momentum: momentum, nesterov: nesterov, weightDecay: weightDecay)
    } catch {
      throw EBMError.invalidOption(component: "sgd", option: "options", reason: "\(error)")
    }
  }
}
