import EBMProtocols
import Tensors

/// Inference by gradient descent on the energy over continuous Y, from an initial answer:
///
/// ```
/// Y_{t+1} = Y_t − η ∂E(W, Y_t, X)/∂Y,   t = 0, …, T − 1
/// ```
/// For a convex energy and a small enough η it converges to argmin_Y E. Starts from `initial`
/// (`[B, d]`, e.g. a regressor's estimate) or, when none is given, from `start` (a constant).
///
/// Reference: LeCun et al., "A Tutorial on Energy-Based Learning" (2006), section 5 (inference
/// for continuous Y).
public struct GradientDescentInference: EnergyInference {
  /// T, the number of steps. Default 100.
  public var steps: Int
  /// η, the step size. Default 0.1.
  public var stepSize: Float
  /// The initial value of every coordinate when no initial answer is given. Default 0.
  public var start: Float

  public init(steps: Int = Options().steps, stepSize: Float = Options().stepSize, start: Float = Options().start) {
    precondition(steps >= 0 && stepSize >= 0, "GradientDescentInference: steps and stepSize must be >= 0")
    self.steps = steps
    self.stepSize = stepSize
    self.start = start
  }

  public func infer(_ model: TrainedEnergy, x: Tensor?, initial: Tensor?, using rng: inout RandomGenerator) throws -> Tensor {
    let shape: [Int]  // the candidate shape the energy takes
    let outShape: [Int]
    switch model.energy.kind {
    case .discrete:
      throw EBMError.incompatible("gradient-descent inference needs continuous Y; help: use exhaustive inference for labels")
    case let .conditional(_, d):
      guard let x else { throw EBMError.invalid("gradient-descent inference on a conditional energy needs inputs x") }
      shape = [x.shape[0], 1, d]
      outShape = [x.shape[0], d]
    case let .unconditional(d):
      guard let initial else {
        throw EBMError.invalid("gradient-descent inference on an unconditional energy needs initial points [N, \(d)]")
      }
      shape = [initial.count / d, d]
      outShape = shape
    }
    if let initial, initial.count != shape.reduce(1, *) {
      throw EBMError.invalid("the initial answer has shape \(initial.shape), expected \(outShape)")
    }
    var y = initial?.detached.reshaped(shape) ?? Tensor(repeating: start, shape: shape)
    for _ in 0..<steps {
      y = y - model.gradient(x: x, y: y) * stepSize
    }
    return y.reshaped(outShape)
  }
}
