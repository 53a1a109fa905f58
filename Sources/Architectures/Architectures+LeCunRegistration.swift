import EBMProtocols

extension Architectures {
  static func registerLeCunArchitectures(in registry: inout Registry) {}
}
