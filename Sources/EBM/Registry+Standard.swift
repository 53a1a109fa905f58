import Architectures
import EBMProtocols
import Losses
import Samplers
import Tasks
import Tensors

extension Registry {
  /// The standard registry: every built-in task, architecture, objective, sampler, optimizer,
  /// inference method and study of swift-ebm. Add your own components to it before use:
  ///
  /// ```swift
  /// var registry = Registry.standard()
  /// registry.objectives.register(name: "my-loss", summary: "…") { _, _ in MyLoss() }
  /// ```
  public static func standard() -> Registry {
    var registry = Registry()
    OptimizerRegistration.register(in: &registry)
    ArchitectureRegistration.register(in: &registry)
    LossRegistration.register(in: &registry)
    SamplerRegistration.register(in: &registry)
    TaskRegistration.register(in: &registry)
    return registry
  }
}
