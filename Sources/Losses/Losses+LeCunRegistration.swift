import EBMProtocols

extension Losses {
  static func registerLeCunLosses(in registry: inout Registry) {}
}
