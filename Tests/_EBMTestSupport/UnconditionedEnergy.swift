import EBMProtocols
import Tensors

/// Another energy evaluated whole at every call: it forwards to `base` but is not a
/// ``ConditionableEnergy``, so ``TrainedEnergy/conditioned(on:)`` cannot reuse its x-only part.
/// The reference path of the conditioning tests.
public struct UnconditionedEnergy: EnergyFunction {
  public var base: any EnergyFunction

  public init(_ base: any EnergyFunction) { self.base = base }

  public var kind: EnergyKind { base.kind }
  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet { base.initialParameters(using: &rng) }
  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor { base.energy(x: x, y: y, parameters: parameters) }
}
