/// What a sampler can give an objective.
public enum SamplerCapability: String, Sendable, Equatable {
  /// Draws from a proposal q with a known density and returns log q with the samples
  /// (importance sampling, NCE).
  case density
  /// Runs dynamics on the energy (Langevin, MALA, HMC): samples only, no density.
  case dynamics
}
