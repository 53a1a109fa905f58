import EBMProtocols

/// The tasks (data, metrics, pictures) and studies of swift-ebm, registered by name.
public enum Tasks {
  /// Registers every task and study of this module in `registry`.
  public static func register(in registry: inout Registry) {
    registerRegressionTasks(in: &registry)
    registerGenerativeTasks(in: &registry)
    registerOODTasks(in: &registry)
    registerLeCunTasks(in: &registry)
  }
}
