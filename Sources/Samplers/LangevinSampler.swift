import Foundation
import Tensors
import EBMProtocols

/// Unadjusted Langevin dynamics on an energy, optionally with persistent chains.
///
/// ```
/// xₜ₊₁ = xₜ − ηₜ clip(∇E(xₜ)) + σ √(2ηₜ) ξₜ,   ξₜ ~ N(0, I)
/// ```
///
/// With noise scale σ = 1 and η → 0 the chain samples p(x) ∝ exp(−E(x)) (Welling & Teh 2011;
/// the update of TorchEBM's `LangevinDynamics`). EBM practice often uses σ < 1 (Du & Mordatch
/// 2019; Nijkamp et al. 2019, "short-run MCMC"). `clip` clamps each gradient coordinate to
/// [−c, c] when c > 0. The step size may follow a ``StepSizeSchedule`` within a run.
///
/// With a ``ReplayBuffer`` (registry name `replay-langevin`), chains without a given start
/// continue from stored chains, 5% restarted from noise (Du & Mordatch 2019); the buffer is
/// ``persistentState`` so checkpoints restore it.
///
/// - Complexity: `steps` gradient evaluations of the whole batch of chains.
public struct LangevinSampler: DynamicsSampler {
  public var steps: Int
  public var stepSize: Double
  public var noiseScale: Double
  /// Per-coordinate gradient clip c (0: off).
  public var gradientClip: Double
  public var schedule: StepSizeSchedule
  public var initialization: ChainInitialization
  public var buffer: ReplayBuffer?

  public init(
    steps: Int, stepSize: Double, noiseScale: Double = Options().noiseScale, gradientClip: Double = Options().clipGradient,
    schedule: StepSizeSchedule = StepSizeSchedule(Options().schedule, final: Options().finalStepSize),
    initialization: ChainInitialization = ChainInitialization(Options().start, scale: Options().startScale),
    buffer: ReplayBuffer? = nil
  ) {
    precondition(steps >= 0 && stepSize > 0 && noiseScale >= 0 && gradientClip >= 0, "LangevinSampler: bad settings")
    self.steps = steps
    self.stepSize = stepSize
    self.noiseScale = noiseScale
    self.gradientClip = gradientClip
    self.schedule = schedule
    self.initialization = initialization
    self.buffer = buffer
  }

  public mutating func sample(_ request: ChainRequest, using rng: inout RandomGenerator) throws -> SampleResult {
    let chains = try DynamicsChains(request, sampler: "langevin", initialization: initialization, buffer: &buffer, using: &rng)
    var y = chains.points
    let clip = Float(gradientClip)
    for t in 0..<steps {
      let eta = schedule.stepSize(base: stepSize, step: t, of: steps)
      let drift = Float(eta)
      let noise = Float(noiseScale * (2 * eta).squareRoot())
      let g = chains.gradient(at: y)
      let xi = Tensor.normal([y.count], using: &rng).scalars
      if clip > 0 {
        for i in 0..<y.count { y[i] += -drift * Swift.min(Swift.max(g[i], -clip), clip) + noise * xi[i] }
      } else {
        for i in 0..<y.count { y[i] += -drift * g[i] + noise * xi[i] }
      }
    }
    return SampleResult(samples: chains.finish(y, buffer: &buffer))
  }

  public var persistentState: ParameterSet { buffer?.state ?? [:] }

  public mutating func restorePersistentState(_ state: ParameterSet) throws {
    try buffer?.restore(state)
  }
}
