import EBMProtocols

extension Tasks {
  static func registerGenerativeTasks(in registry: inout Registry) {}
}
