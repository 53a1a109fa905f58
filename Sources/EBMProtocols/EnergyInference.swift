import Tensors

/// Inference in an energy-based model: y* ≈ argmin_y E(x, y) — exhaustive over a finite set,
/// gradient descent from an initial estimate (Gustafsson et al.'s refinement is gradient
/// ascent on f = −E), or a dense grid.
public protocol EnergyInference: Sendable {
  /// The minimising y for each example: `[B, dy]` for conditional energies (from `initial`
  /// `[B, dy]` where the method needs a start), label indices as floats `[B]` for label energies.
  func infer(_ model: TrainedEnergy, x: Tensor?, initial: Tensor?, using rng: inout RandomGenerator) throws -> Tensor
}
