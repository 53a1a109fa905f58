import EBMProtocols

extension Tasks {
  static func registerLeCunTasks(in registry: inout Registry) {}
}
