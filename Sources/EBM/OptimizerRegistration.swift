import EBMProtocols
import Tensors

/// Registers the optimizers of the numerical core (SGD, Adam, AdamW) by name, with PyTorch's defaults.
public enum OptimizerRegistration {
  /// Registers SGD, Adam and AdamW in `registry`.
  public static func register(in registry: inout Registry) {
    registry.optimizers.register(
      name: "sgd", summary: "Stochastic gradient descent with momentum, Nesterov and weight decay (PyTorch semantics)",
      options: SGDOptions.self
    ) { options, _ in try options.makeOptimizer() }
    registry.optimizers.register(
      name: "adam", summary: "Adam (Kingma & Ba, 2015) with bias correction, PyTorch semantics", options: AdamOptions.self
    ) { o, _ in
      try invalidOption("adam") {
        try Adam(learningRate: o.learningRate, beta1: o.beta1, beta2: o.beta2, epsilon: o.epsilon, weightDecay: o.weightDecay)
      }
    }
    registry.optimizers.register(
      name: "adamw", summary: "AdamW (Loshchilov & Hutter, 2019): Adam with decoupled weight decay", options: AdamOptions.self,
      defaults: .adamW
    ) { o, _ in
      try invalidOption("adamw") {
        try AdamW(learningRate: o.learningRate, beta1: o.beta1, beta2: o.beta2, epsilon: o.epsilon, weightDecay: o.weightDecay)
      }
    }
  }

  /// The optimizer `make` builds, its refusal turned into an option error naming `name`.
  private static func invalidOption(_ name: String, _ make: () throws -> any Optimizer) throws -> any Optimizer {
    do {
      return try make()
    } catch {
      throw EBMError.invalidOption(component: name, option: "options", reason: "\(error)")
    }
  }
}
