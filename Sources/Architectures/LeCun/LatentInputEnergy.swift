import EBMProtocols
import Tensors

/// An energy with a latent input Z from a finite set {0, …, |Z| − 1}: E(W, Z, Y, X).
///
/// ``LatentVariableEnergy`` eliminates Z (minimum or free energy) and is an ordinary
/// ``EnergyFunction`` of the kind ``kind``. Shapes are those of `EnergyFunction.energy` with one
/// trailing latent axis: x `[B, ...]`, candidates y `[B, M, ...]` → `[B, M, |Z|]`
/// (unconditional: `[N, |Z|]`).
///
/// Reference: LeCun et al., "A Tutorial on Energy-Based Learning" (2006), section 1.3 (latent
/// variable architectures).
public protocol LatentInputEnergy: Sendable {
  /// The kind of the energy once Z is eliminated.
  var kind: EnergyKind { get }
  /// |Z|, the number of latent values.
  var latentCount: Int { get }
  /// Freshly initialised parameters.
  func initialParameters(using rng: inout RandomGenerator) -> ParameterSet
  /// E(W, z, y, x) for every candidate and every latent value: `[B, M, |Z|]` (or `[N, |Z|]`).
  func latentEnergies(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor
}
