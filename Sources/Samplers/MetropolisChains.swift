import EBMProtocols
import Tensors

/// The state of Metropolis-corrected dynamics chains (MALA, HMC): the current points with their
/// energies and energy gradients, and the number of accepted proposals. Written once so that both
/// samplers start, accept and finish their chains the same way.
///
/// The chains start as ``DynamicsChains`` starts them, without a replay buffer; the acceptance
/// rate is the share of accepted proposals over chains and steps.
struct MetropolisChains {
  /// The request's chains: shape, model and start points.
  let chains: DynamicsChains
  /// The current points, flat `[chainCount · pointDimension]`.
  var points: [Float]
  /// E per chain at ``points``.
  var energies: [Float]
  /// ∂E/∂y at ``points``, flat.
  var gradient: [Float]
  /// How many proposals have been accepted so far.
  private(set) var accepted = 0
  /// Coordinates per chain.
  var pointDimension: Int { chains.pointDimension }
  /// The number of chains.
  var chainCount: Int { chains.chainCount }

  /// Chains for `request`, started from its start points or `initialization`, with their energies and
  /// gradients evaluated at the start.
  init(
    _ request: ChainRequest, sampler: String, initialization: ChainInitialization, using rng: inout RandomGenerator
  ) throws {
    var noBuffer: ReplayBuffer? = nil
    chains = try DynamicsChains(request, sampler: sampler, initialization: initialization, buffer: &noBuffer, using: &rng)
    points = chains.points
    energies = chains.energies(at: points)
    gradient = chains.gradient(at: points)
  }

  /// Moves chain `c` to its proposal: copies its coordinates and gradient from the flat
  /// `proposal` and `proposalGradient`, sets its energy, and counts the acceptance.
  mutating func accept(chain c: Int, proposal: [Float], energy: Float, gradient proposalGradient: [Float]) {
    accepted += 1
    energies[c] = energy
    let d = pointDimension
    for k in 0..<d {
      points[c * d + k] = proposal[c * d + k]
      gradient[c * d + k] = proposalGradient[c * d + k]
    }
  }

  /// The samples at the current points, with the acceptance rate over `steps` steps (nil when
  /// there was no step or no chain).
  func result(steps: Int) -> SampleResult {
    let n = chainCount
    let rate = steps > 0 && n > 0 ? Double(accepted) / Double(steps * n) : nil
    var noBuffer: ReplayBuffer? = nil
    return SampleResult(samples: chains.finish(points, buffer: &noBuffer), acceptanceRate: rate)
  }
}
