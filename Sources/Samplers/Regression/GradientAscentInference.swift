import EBMProtocols
import Tensors

/// Prediction by gradient ascent on f = −E over y from initial estimates, the refinement of
/// Gustafsson et al. (BMVC 2020, Algorithm 1; ECCV 2020), as used for bounding-box refinement
/// in object detection and visual tracking:
///
/// ```
/// for t = 1 … T:
///   y′ = y + λ ⊙ ∇_y f(x, y)          λ = λ₀ · (s₁, …, s_dy), one step per coordinate
///   if f(x, y′) > f(x, y):  y = y′   else:  λ = η λ   (the step is undone)
/// ```
///
/// λ and the acceptance are tracked per start. With several starts per example (`initial`
/// `[B, S, dy]`, e.g. PrDiMP's previous box plus 9 jittered ones) all are refined and the
/// prediction is the mean of the `averagedStarts` refined starts of lowest energy (PrDiMP: 3).
public struct GradientAscentInference: EnergyInference {
  /// T, the number of steps.
  public var steps: Int
  /// λ per coordinate of y (one value: the same for every coordinate).
  public var stepLengths: [Float]
  /// η, the decay of λ after a step that did not increase f.
  public var decay: Float
  /// k: the prediction is the mean of the k lowest-energy refined starts (1: the best one).
  public var averagedStarts: Int

  /// One step length λ for every coordinate.
  public init(steps: Int, stepLength: Float, decay: Float = Options().decay, averagedStarts: Int = Options().averageBest) {
    self.init(steps: steps, stepLengths: [stepLength], decay: decay, averagedStarts: averagedStarts)
  }

  /// A step length per coordinate of y (or one for all).
  public init(
    steps: Int, stepLengths: [Float], decay: Float = Options().decay, averagedStarts: Int = Options().averageBest
  ) {
    precondition(
      steps >= 0 && !stepLengths.isEmpty && stepLengths.allSatisfy { $0 > 0 } && decay > 0 && decay <= 1
        && averagedStarts >= 1,
      "gradient-ascent: bad settings")
    self.steps = steps
    self.stepLengths = stepLengths
    self.decay = decay
    self.averagedStarts = averagedStarts
  }

  /// Refines `initial` (`[B, dy]`, or `[B, S, dy]` for S starts per example) and returns `[B, dy]`.
  ///
  /// - Throws: `EBMError.invalid` without an initial estimate, or when the step lengths do not
  ///   match dy or k exceeds the starts.
  public func infer(_ model: TrainedEnergy, x: Tensor?, initial: Tensor?, using rng: inout RandomGenerator) throws -> Tensor {
    guard let initial else {
      throw EBMError.invalid("gradient-ascent needs an initial estimate of y ([B, dy]); help: pass initial predictions")
    }
    let b = initial.shape[0]
    let starts = initial.rank == 3 ? initial.shape[1] : 1
    let d = initial.shape.last ?? 1
    guard stepLengths.count == 1 || stepLengths.count == d else {
      throw EBMError.invalid(
        "gradient-ascent: \(stepLengths.count) step lengths for y of dimension \(d); help: give one, or one per coordinate")
    }
    guard averagedStarts <= starts else {
      throw EBMError.invalid(
        "gradient-ascent: cannot average the best \(averagedStarts) of \(starts) starts; help: lower average-best or add starts")
    }
    let refined = refine(model, x: x, starts: initial.detached.reshaped([b, starts, d]))
    return combine(refined.y, energies: refined.energies, examples: b, starts: starts, dimension: d)
  }

  /// The refined starts `[B, S, dy]` (flat) and their energies `[B·S]`.
  public func refine(_ model: TrainedEnergy, x: Tensor?, starts initial: Tensor) -> (y: [Float], energies: [Float]) {
    let shape = initial.shape
    let count = shape[0] * shape[1]
    let d = shape[2]
    var y = initial.scalars
    var lambda = [Float](repeating: 0, count: count * d)
    for i in 0..<count {
      for j in 0..<d { lambda[i * d + j] = stepLengths.count == 1 ? stepLengths[0] : stepLengths[j] }
    }
    let atX = model.conditioned(on: x)
    func energies(_ values: [Float]) -> [Float] { atX(Tensor(shape: shape, scalars: values)).scalars }
    var current = energies(y)
    for _ in 0..<steps {
      let gradient = atX.gradient(Tensor(shape: shape, scalars: y)).scalars
      var proposal = y
      for k in 0..<(count * d) { proposal[k] -= lambda[k] * gradient[k] }
      let proposed = energies(proposal)
      for i in 0..<count {
        if proposed[i] < current[i] {
          for j in 0..<d { y[i * d + j] = proposal[i * d + j] }
          current[i] = proposed[i]
        } else {
          for j in 0..<d { lambda[i * d + j] *= decay }
        }
      }
    }
    return (y, current)
  }

  /// Per example, the mean of the `averagedStarts` starts of lowest energy (ties: first start).
  func combine(_ y: [Float], energies: [Float], examples: Int, starts: Int, dimension d: Int) -> Tensor {
    var out = [Float](repeating: 0, count: examples * d)
    for i in 0..<examples {
      let order = (0..<starts).sorted {
        let (a, b) = (energies[i * starts + $0], energies[i * starts + $1])
        return a < b || (a == b && $0 < $1)
      }
      for s in order.prefix(averagedStarts) {
        for j in 0..<d { out[i * d + j] += y[(i * starts + s) * d + j] / Float(averagedStarts) }
      }
    }
    return Tensor(shape: [examples, d], scalars: out)
  }
}
