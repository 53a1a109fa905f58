import EBMProtocols

extension Samplers {
  static func registerProposalSamplers(in registry: inout Registry) {}
}
