import EBMProtocols

extension Samplers {
  static func registerDynamicsSamplers(in registry: inout Registry) {}
}
