import Tensors

/// A conditional energy whose x-only part (the feature maps of a CNN over an image, say) can be
/// computed once and reused for many candidate sets y at that x.
///
/// Inference and samplers that evaluate E(x, ·) many times at one x (gradient refinement of
/// boxes, Langevin chains) condition once through ``TrainedEnergy/conditioned(on:)``; a box
/// tracker then runs its CNN once per frame instead of twice per refinement step. The energies
/// and gradients are those of ``EnergyFunction/energy(x:y:parameters:)``, bit for bit: an
/// energy conforms by splitting its own computation in two, not by approximating it. The
/// conditioned gradient is reverse-mode autodiff of ``energy(condition:y:parameters:)``, so an
/// energy that overrides ``EnergyFunction/energyGradient(x:y:parameters:createGraph:)`` with a
/// closed form gets autodiff's value there instead (the same up to rounding).
public protocol ConditionableEnergy: EnergyFunction {
  /// The x-only tensors of the energy at x `[B, ...]` (constants for the calls that reuse them).
  func condition(x: Tensor, parameters: ParameterSet) -> [Tensor]

  /// E(x, y) `[B, M]` from the tensors ``condition(x:parameters:)`` returned for x.
  func energy(condition: [Tensor], y: Tensor, parameters: ParameterSet) -> Tensor
}
