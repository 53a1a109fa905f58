import Foundation
import Tensors
import EBMProtocols

/// Metropolis-adjusted Langevin algorithm (Roberts & Tweedie 1996): a Langevin proposal
/// corrected by a Metropolis–Hastings test, so the chain leaves p(x) ∝ exp(−E(x)) exactly
/// invariant whatever the step size.
///
/// ```
/// x′ = x − η ∇E(x) + √(2η) ξ
/// log q(x′ | x) = −‖x′ − x + η ∇E(x)‖² / (4η)
/// accept with probability min(1, exp(−E(x′) + E(x) + log q(x | x′) − log q(x′ | x)))
/// ```
///
/// Each chain is accepted or rejected on its own; ``SampleResult/acceptanceRate`` is the share
/// of accepted proposals over chains and steps.
public struct MALASampler: DynamicsSampler {
  public var steps: Int
  public var stepSize: Double
  public var initialization: ChainInitialization

  public init(steps: Int, stepSize: Double, initialization: ChainInitialization) {
    precondition(steps >= 0 && stepSize > 0, "MALASampler: bad settings")
    self.steps = steps
    self.stepSize = stepSize
    self.initialization = initialization
  }

  public mutating func sample(_ request: ChainRequest, using rng: inout RandomGenerator) throws -> SampleResult {
    var state = try MetropolisChains(request, sampler: "mala", initialization: initialization, using: &rng)
    let d = state.pointDimension
    let n = state.chainCount
    let eta = Float(stepSize)
    let noise = (2 * eta).squareRoot()
    for _ in 0..<steps {
      let y = state.points
      let grad = state.gradient
      let xi = Tensor.normal([y.count], using: &rng).scalars
      var proposal = y
      for i in 0..<y.count { proposal[i] = y[i] - eta * grad[i] + noise * xi[i] }
      let proposalEnergy = state.chains.energies(at: proposal)
      let proposalGrad = state.chains.gradient(at: proposal)
      for c in 0..<n {
        var forward: Double = 0  // ‖x′ − x + η∇E(x)‖²
        var backward: Double = 0  // ‖x − x′ + η∇E(x′)‖²
        for k in 0..<d {
          let i = c * d + k
          let f = Double(proposal[i] - y[i] + eta * grad[i])
          let b = Double(y[i] - proposal[i] + eta * proposalGrad[i])
          forward += f * f
          backward += b * b
        }
        let logRatio = Double(state.energies[c] - proposalEnergy[c]) + (forward - backward) / (4 * Double(eta))
        if logRatio >= 0 || rng.nextDouble() < Foundation.exp(logRatio) {
          state.accept(chain: c, proposal: proposal, energy: proposalEnergy[c], gradient: proposalGrad)
        }
      }
    }
    return state.result(steps: steps)
  }
}
