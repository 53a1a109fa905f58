import EBMProtocols

extension Losses {
  static func registerRegressionObjectives(in registry: inout Registry) {}
}
