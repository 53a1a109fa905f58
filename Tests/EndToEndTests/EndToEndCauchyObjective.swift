import EBM
import EBMProtocols
import Tensors
import _EBMTestSupport

/// A loss that exists only in this test target, to show that user code registers a new
/// objective in a few lines and trains with it by name: the Cauchy (log) energy loss
///
/// ```
/// L = mean log(1 + E(x, y) / δ²)
/// ```
///
/// a robust energy loss (for a quadratic energy, Cauchy regression: it behaves like the
/// energy loss near the fit and grows only logarithmically for outliers).
struct EndToEndCauchyObjective: TrainingObjective {
  var delta: Float

  var requirements: ObjectiveRequirements { [] }
  var supportedFamilies: Set<EnergyFamily> { [.conditional, .unconditional] }

  mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let batch = context.batch
    let energies =
      batch.x == nil ? context.energy(x: nil, y: batch.y) : context.energy(x: batch.x, y: batch.y.unsqueezed(at: 1))
    return (energies * (1 / (delta * delta))).log1p().mean()
  }

  /// The standard registry, the toy test components and this loss as `e2e-cauchy`.
  static func registry() -> Registry {
    var registry = Registry.standard()
    ToyComponents.register(in: &registry)
    registry.objectives.register(
      name: "e2e-cauchy", summary: "Cauchy energy loss (test-only)",
      details: "L = mean log(1 + E(x, y) / δ²)\nA robust energy loss; defined in the end-to-end tests.",
      options: [.double("delta", 1, "scale δ", range: 1e-3...1e3)]
    ) { options, _ in EndToEndCauchyObjective(delta: options.float("delta")) }
    return registry
  }
}
