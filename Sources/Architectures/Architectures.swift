import EBMProtocols

/// The energy functions of swift-ebm, registered by name.
public enum Architectures {
  /// Registers every architecture of this module in `registry`.
  public static func register(in registry: inout Registry) {
    registerRegressionArchitectures(in: &registry)
    registerGenerativeArchitectures(in: &registry)
    registerClassifierArchitectures(in: &registry)
    registerLeCunArchitectures(in: &registry)
  }
}
