import EBMProtocols

/// The training objectives of swift-ebm, registered by name.
public enum Losses {
  /// Registers every objective of this module in `registry`.
  public static func register(in registry: inout Registry) {
    registerRegressionObjectives(in: &registry)
    registerGenerativeObjectives(in: &registry)
    registerOODObjectives(in: &registry)
    registerLeCunLosses(in: &registry)
  }
}
