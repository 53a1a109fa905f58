import EBMProtocols

extension Tasks {
  static func registerOODTasks(in registry: inout Registry) {}
}
