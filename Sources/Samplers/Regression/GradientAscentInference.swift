import EBMProtocols
import Tensors

/// Prediction by gradient ascent on f = −E over y from an initial estimate, the refinement
/// of Gustafsson et al. (BMVC 2020, Algorithm 1; ECCV 2020), as used for bounding-box
/// refinement in object detection and visual tracking:
///
/// ```
/// for t = 1 … T:
///   y′ = y + λ ∇_y f(x, y)
///   if f(x, y′) > f(x, y):  y = y′   else:  λ = η λ
/// ```
///
/// The step length λ and its acceptance are tracked per example.
public struct GradientAscentInference: EnergyInference {
  /// T, the number of steps.
  public var steps: Int
  /// λ, the initial step length.
  public var stepLength: Float
  /// η, the decay of λ after a step that did not increase f.
  public var decay: Float

  public init(steps: Int = 10, stepLength: Float = 1e-3, decay: Float = 0.5) {
    precondition(steps >= 0 && stepLength > 0 && decay > 0 && decay <= 1, "gradient-ascent: bad settings")
    self.steps = steps
    self.stepLength = stepLength
    self.decay = decay
  }

  public func infer(_ model: TrainedEnergy, x: Tensor?, initial: Tensor?, using rng: inout RandomGenerator) throws -> Tensor {
    guard let initial else {
      throw EBMError.invalid("gradient-ascent needs an initial estimate of y ([B, dy]); help: pass initial predictions")
    }
    let b = initial.shape[0]
    let d = initial.count / Swift.max(b, 1)
    var y = initial.detached.reshaped([b, 1, d]).scalars
    var lambda = [Float](repeating: stepLength, count: b)
    func energies(_ values: [Float]) -> [Float] {
      model(x: x, y: Tensor(shape: [b, 1, d], scalars: values)).scalars
    }
    var current = energies(y)
    for _ in 0..<steps {
      let gradient = model.gradient(x: x, y: Tensor(shape: [b, 1, d], scalars: y)).scalars
      var proposal = y
      for i in 0..<b {
        for j in 0..<d { proposal[i * d + j] -= lambda[i] * gradient[i * d + j] }
      }
      let proposed = energies(proposal)
      for i in 0..<b {
        if proposed[i] < current[i] {
          for j in 0..<d { y[i * d + j] = proposal[i * d + j] }
          current[i] = proposed[i]
        } else {
          lambda[i] *= decay
        }
      }
    }
    return Tensor(shape: [b, d], scalars: y)
  }
}
