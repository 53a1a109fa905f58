import Tensors

/// What a factory may need to build a component besides its options: the energy kind of the
/// task it serves (architectures are built for it).
public struct ComponentContext: Sendable {
  /// The task's energy kind, when known.
  public var energyKind: EnergyKind?

  public init(energyKind: EnergyKind? = nil) { self.energyKind = energyKind }

  /// The energy kind, or a clear error for factories that cannot do without it.
  public func requireEnergyKind(for component: String) throws -> EnergyKind {
    guard let energyKind else {
      throw EBMError.incompatible("\(component) needs to know the task's energy kind; build it through a pipeline")
    }
    return energyKind
  }
}
