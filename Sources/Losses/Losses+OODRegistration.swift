import EBMProtocols

extension Losses {
  static func registerOODObjectives(in registry: inout Registry) {}
}
