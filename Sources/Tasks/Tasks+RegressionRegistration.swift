import EBMProtocols

extension Tasks {
  static func registerRegressionTasks(in registry: inout Registry) {}
}
