import Foundation
import Tensors
import EBMProtocols

/// Hamiltonian Monte Carlo (Duane et al. 1987; Neal 2011, "MCMC using Hamiltonian dynamics")
/// with a scalar mass m, leapfrog integration and an optional Metropolis correction.
///
/// ```
/// p ~ N(0, m I),   H(x, p) = E(x) + ‖p‖² / (2m)
/// leapfrog × L:  p ← p − (ε/2)∇E(x);  x ← x + ε p / m;  p ← p − (ε/2)∇E(x)
/// accept (x′, p′) with probability min(1, exp(H(x, p) − H(x′, p′)))
/// ```
///
/// Each chain is accepted or rejected on its own; ``SampleResult/acceptanceRate`` is the mean
/// acceptance over chains and iterations. Without the correction the chain is only
/// approximately invariant (error O(ε²)).
public struct HMCSampler: DynamicsSampler {
  /// HMC iterations (each draws fresh momenta).
  public var steps: Int
  public var leapfrogSteps: Int
  public var stepSize: Double
  public var mass: Double
  public var metropolis: Bool
  public var initialization: ChainInitialization

  public init(
    steps: Int, leapfrogSteps: Int, stepSize: Double, mass: Double, metropolis: Bool,
    initialization: ChainInitialization
  ) {
    precondition(steps >= 0 && leapfrogSteps >= 1 && stepSize > 0 && mass > 0, "HMCSampler: bad settings")
    self.steps = steps
    self.leapfrogSteps = leapfrogSteps
    self.stepSize = stepSize
    self.mass = mass
    self.metropolis = metropolis
    self.initialization = initialization
  }

  public mutating func sample(_ request: ChainRequest, using rng: inout RandomGenerator) throws -> SampleResult {
    var state = try MetropolisChains(request, sampler: "hmc", initialization: initialization, using: &rng)
    let d = state.pointDimension
    let n = state.chainCount
    let eps = Float(stepSize)
    let m = Float(mass)
    for _ in 0..<steps {
      var p = Tensor.normal([state.points.count], std: m.squareRoot(), using: &rng).scalars
      var kinetic0 = [Double](repeating: 0, count: n)
      for c in 0..<n { for k in 0..<d { kinetic0[c] += Double(p[c * d + k] * p[c * d + k]) } }
      var xNew = state.points
      var g = state.gradient
      for _ in 0..<leapfrogSteps {
        for i in 0..<p.count { p[i] -= 0.5 * eps * g[i] }
        for i in 0..<p.count { xNew[i] += eps * p[i] / m }
        g = state.chains.gradient(at: xNew)
        for i in 0..<p.count { p[i] -= 0.5 * eps * g[i] }
      }
      let energyNew = state.chains.energies(at: xNew)
      for c in 0..<n {
        var kinetic1: Double = 0
        for k in 0..<d { kinetic1 += Double(p[c * d + k] * p[c * d + k]) }
        let h0 = Double(state.energies[c]) + kinetic0[c] / (2 * Double(m))
        let h1 = Double(energyNew[c]) + kinetic1 / (2 * Double(m))
        let logRatio = h0 - h1
        let accept = !metropolis || logRatio >= 0 || rng.nextDouble() < Foundation.exp(logRatio)
        if accept && h1.isFinite {
          state.accept(chain: c, proposal: xNew, energy: energyNew[c], gradient: g)
        }
      }
    }
    return state.result(steps: steps)
  }
}
