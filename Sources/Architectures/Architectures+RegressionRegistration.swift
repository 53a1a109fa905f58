import EBMProtocols

extension Architectures {
  static func registerRegressionArchitectures(in registry: inout Registry) {}
}
