import EBMProtocols

extension Architectures {
  static func registerGenerativeArchitectures(in registry: inout Registry) {}
}
