import EBMProtocols

/// Registers the energy functions of the `Architectures` module by name.
///
/// One file per body of work adds its architectures (`Regression/ArchitectureRegistration+Regression.swift`,
/// `Generative/…+Generative.swift`, `OOD/…+OOD.swift`, `LeCun/…+LeCun.swift`); architectures shared by
/// several bodies of work are registered here.
public enum ArchitectureRegistration {
  /// Registers every architecture of this module in `registry`.
  public static func register(in registry: inout Registry) {
    registerRegression(in: &registry)
    registerGenerative(in: &registry)
    registerOOD(in: &registry)
    registerLeCun(in: &registry)
    registerBoxes(in: &registry)
  }
}
