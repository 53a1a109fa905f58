import EBMProtocols
import Tensors

/// Registers the optimizers of the numerical core (SGD, Adam, AdamW) by name, with PyTorch's defaults.
public enum OptimizerRegistration {
  /// Registers SGD, Adam and AdamW in `registry`.
  public static func register(in registry: inout Registry) {
    registry.optimizers.register(
      name: "sgd", summary: "Stochastic gradient descent with momentum, Nesterov and weight decay (PyTorch semantics)",
      options: [
        .double("lr", 1e-3, "learning rate", range: 0...10),
        .double("momentum", 0, "momentum μ", range: 0...0.9999),
        .bool("nesterov", false, "Nesterov momentum (needs momentum > 0)"),
        .double("weight-decay", 0, "L2 weight decay added to the gradient", range: 0...1),
      ]
    ) { o, _ in
      do {
        return try SGD(
          learningRate: o.float("lr"), momentum: o.float("momentum"), nesterov: o.bool("nesterov"),
          weightDecay: o.float("weight-decay"))
      } catch {
        throw EBMError.invalidOption(component: "sgd", option: "options", reason: "\(error)")
      }
    }
    registerAdamFamily(
      in: &registry, name: "adam", summary: "Adam (Kingma & Ba, 2015) with bias correction, PyTorch semantics",
      weightDecay: .double("weight-decay", 0, "L2 weight decay added to the gradient", range: 0...1)
    ) { lr, beta1, beta2, eps, weightDecay in
      try Adam(learningRate: lr, beta1: beta1, beta2: beta2, epsilon: eps, weightDecay: weightDecay)
    }
    registerAdamFamily(
      in: &registry, name: "adamw", summary: "AdamW (Loshchilov & Hutter, 2019): Adam with decoupled weight decay",
      weightDecay: .double("weight-decay", 0.01, "decoupled weight decay", range: 0...1)
    ) { lr, beta1, beta2, eps, weightDecay in
      try AdamW(learningRate: lr, beta1: beta1, beta2: beta2, epsilon: eps, weightDecay: weightDecay)
    }
  }

  /// Registers one optimizer of the Adam family: the options Adam and AdamW share (lr, beta1,
  /// beta2, eps) followed by its own `weight-decay` spec, built by `make(lr, β₁, β₂, ε, λ)`.
  private static func registerAdamFamily(
    in registry: inout Registry, name: String, summary: String, weightDecay: OptionSpec,
    make: @escaping @Sendable (Float, Double, Double, Float, Float) throws -> any Optimizer
  ) {
    registry.optimizers.register(
      name: name, summary: summary,
      options: [
        .double("lr", 1e-3, "learning rate", range: 0...10),
        .double("beta1", 0.9, "first-moment decay", range: 0...0.9999999),
        .double("beta2", 0.999, "second-moment decay", range: 0...0.9999999),
        .double("eps", 1e-8, "added to √v̂", range: 0...1),
        weightDecay,
      ]
    ) { o, _ in
      do {
        return try make(o.float("lr"), o.double("beta1"), o.double("beta2"), o.float("eps"), o.float("weight-decay"))
      } catch {
        throw EBMError.invalidOption(component: name, option: "options", reason: "\(error)")
      }
    }
  }
}
