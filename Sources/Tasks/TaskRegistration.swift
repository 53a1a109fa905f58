import EBMProtocols

/// Registers the tasks (data, metrics, pictures) and studies of the `Tasks` module by name.
///
/// One file per body of work adds its tasks and study (`Regression/TaskRegistration+Regression.swift`,
/// `Generative/…+Generative.swift`, `OOD/…+OOD.swift`, `LeCun/…+LeCun.swift`).
public enum TaskRegistration {
  /// Registers every task and study of this module in `registry`.
  public static func register(in registry: inout Registry) {
    registerRegression(in: &registry)
    registerGenerative(in: &registry)
    registerOOD(in: &registry)
    registerLeCun(in: &registry)
    registerBoxes(in: &registry)
  }
}
