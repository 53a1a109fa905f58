import EBMProtocols
import Tensors
import Architectures
import Losses
import Samplers
import Tasks

/// The standard registry: every component of every module of swift-ebm.
public enum EBM {
  /// A registry holding every built-in task, architecture, objective, sampler, optimizer,
  /// inference method and study. Add your own components to it before use.
  public static func standardRegistry() -> Registry {
    var registry = Registry()
    registerOptimizers(in: &registry)
    Architectures.register(in: &registry)
    Losses.register(in: &registry)
    Samplers.register(in: &registry)
    Tasks.register(in: &registry)
    return registry
  }
}
