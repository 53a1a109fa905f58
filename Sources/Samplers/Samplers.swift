import EBMProtocols

/// The samplers of swift-ebm (proposals with densities and MCMC dynamics), registered by name.
public enum Samplers {
  /// Registers every sampler and inference method of this module in `registry`.
  public static func register(in registry: inout Registry) {
    registerProposalSamplers(in: &registry)
    registerDynamicsSamplers(in: &registry)
    registerInference(in: &registry)
    registerLeCunInference(in: &registry)
  }
}
