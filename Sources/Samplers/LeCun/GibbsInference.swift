import EBMProtocols
import Tensors

/// Inference by drawing from the Gibbs distribution over labels,
///
/// ```
/// Y ~ P(Y | X) = exp(−β E(Y, X)) / Σ_y exp(−β E(y, X))
/// ```
/// (``GibbsDistribution``), one label per example (floats `[B]`) from the generator; with
/// `mode` set, the most probable label instead (= exhaustive argmin). Labels only.
///
/// Reference: LeCun et al., "A Tutorial on Energy-Based Learning" (2006), section 1.3, eq. 1.
public struct GibbsInference: EnergyInference {
  /// β, the inverse temperature. Default 1.
  public var beta: Float
  /// Return the most probable label instead of a draw.
  public var mode: Bool

  public init(beta: Float = Options().beta, mode: Bool = Options().mode) {
    precondition(beta > 0, "GibbsInference: beta must be > 0")
    self.beta = beta
    self.mode = mode
  }

  /// P(Y | X) for every label, `[B, K]`.
  public func probabilities(_ model: TrainedEnergy, x: Tensor) throws -> Tensor {
    guard let all = model.everyLabelEnergy(x: x) else {
      throw EBMError.incompatible("Gibbs probabilities need a label energy (a discrete task)")
    }
    return GibbsDistribution.probabilities(energies: all, beta: beta)
  }

  public func infer(_ model: TrainedEnergy, x: Tensor?, initial: Tensor?, using rng: inout RandomGenerator) throws -> Tensor {
    guard let x else { throw EBMError.invalid("Gibbs inference needs inputs x") }
    let p = try probabilities(model, x: x)
    if mode { return Tensor(p.argmax(alongAxis: 1).map(Float.init)) }
    let k = p.shape[1]
    return Tensor((0..<p.shape[0]).map { b in Float(rng.categorical(probabilities: Array(p.scalars[(b * k)..<(b * k + k)]))) })
  }
}
