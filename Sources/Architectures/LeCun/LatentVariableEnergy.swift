import EBMProtocols
import Tensors

/// Wraps any energy with a finite latent input Z (``LatentInputEnergy``) into an ordinary
/// energy by eliminating Z:
///
/// ```
/// E(W, Y, X) = min_Z E(W, Z, Y, X)                          (reduction .minimum)
/// E(W, Y, X) = −(1/β) log Σ_Z exp(−β E(W, Z, Y, X))         (reduction .freeEnergy(β))
/// ```
/// Gradients flow to the minimising Z (ties: the lowest index) or to every Z weighted by its
/// Gibbs probability. When the inner energy is a ``LatentLabelEnergy`` the wrapper is also a
/// ``LabelEnergyFunction``, so every LeCun loss and the classification tasks accept it.
///
/// Reference: LeCun et al., "A Tutorial on Energy-Based Learning" (2006), section 1.3.
public struct LatentVariableEnergy<Inner: LatentInputEnergy>: EnergyFunction {
  public let inner: Inner
  public let reduction: LatentReduction

  public init(_ inner: Inner, reduction: LatentReduction) {
    if case let .freeEnergy(beta) = reduction { precondition(beta > 0, "LatentVariableEnergy: beta must be > 0") }
    self.inner = inner
    self.reduction = reduction
  }

  public var kind: EnergyKind { inner.kind }

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    inner.initialParameters(using: &rng)
  }

  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    reduction.reduce(inner.latentEnergies(x: x, y: y, parameters: parameters))
  }
}
