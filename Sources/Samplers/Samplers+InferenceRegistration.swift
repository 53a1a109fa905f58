import EBMProtocols

extension Samplers {
  static func registerInference(in registry: inout Registry) {}
}
