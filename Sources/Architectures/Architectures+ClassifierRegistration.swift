import EBMProtocols

extension Architectures {
  static func registerClassifierArchitectures(in registry: inout Registry) {}
}
