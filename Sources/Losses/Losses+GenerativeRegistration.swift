import EBMProtocols

extension Losses {
  static func registerGenerativeObjectives(in registry: inout Registry) {}
}
