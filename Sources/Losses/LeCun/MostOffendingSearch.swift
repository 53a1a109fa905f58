import EBMProtocols
import Tensors

/// Finds the most offending incorrect answer for continuous Y: the lowest-energy answer
/// outside the ball of radius ε around the correct answer Yⁱ (LeCun et al., 2006, section
/// 2.2.3: "Ȳⁱ = argmin_{Y ∈ 𝒴, ‖Y − Yⁱ‖ > ε} E(W, Y, Xⁱ)").
///
/// Projected gradient descent on E over Y, from `restarts` starts Yⁱ + ε·u (the first with u
/// along −∂E/∂Y at Yⁱ, the others uniform on the unit sphere), each step followed by the
/// projection back onto ‖Y − Yⁱ‖ ≥ ε:
/// ```
/// Y ← Y − η ∂E/∂Y,   then   Y ← Yⁱ + ε (Y − Yⁱ)/‖Y − Yⁱ‖  if ‖Y − Yⁱ‖ < ε
/// ```
/// and the lowest-energy end point of the restarts is Ȳⁱ. The search runs on detached
/// parameters: Ȳⁱ is an answer, not a function of W, and the loss is then differentiated
/// through E(W, Ȳⁱ, Xⁱ).
public struct MostOffendingSearch: Sendable, Equatable {
  /// ε, the radius around Yⁱ inside which answers count as correct. (in units of Y).
  public var epsilon: Float
  /// Gradient steps.
  public var steps: Int
  /// Step size η.
  public var stepSize: Float
  /// Independent starts; the best end point wins.
  public var restarts: Int

  public init(
    epsilon: Float = Options().epsilon, steps: Int = Options().steps, stepSize: Float = Options().stepSize,
    restarts: Int = Options().restarts
  ) {
    precondition(epsilon > 0 && steps >= 0 && stepSize >= 0 && restarts >= 1, "MostOffendingSearch: bad settings")
    self.epsilon = epsilon
    self.steps = steps
    self.stepSize = stepSize
    self.restarts = restarts
  }

  /// Ȳⁱ for every example: `[B, d]` from targets `[B, d]`.
  ///
  /// - Complexity: O(steps × restarts) energy gradients of the batch.
  public func offending(model: TrainedEnergy, x: Tensor?, target: Tensor, using rng: inout RandomGenerator) -> Tensor {
    precondition(target.rank == 2, "MostOffendingSearch: targets must be [B, d], got \(target.shape)")
    let (batch, d, r) = (target.shape[0], target.shape[1], restarts)
    let t = target.scalars
    // The first start follows the steepest descent of E from Yⁱ, the others are random; random
    // starts alone can all land on the far side of the ball (in one dimension, all four with
    // probability 1/16), where the projection keeps them, and the "most offending" answer is
    // then an answer that pushes the prediction away from Yⁱ.
    let descent = model.gradient(x: x, y: target.reshaped([batch, 1, d])).scalars
    var y = [Float](repeating: 0, count: batch * r * d)
    for b in 0..<batch {
      for k in 0..<r {
        var u = unitVector(d, using: &rng)
        if k == 0 {
          let g = (0..<d).map { -descent[b * d + $0] }
          let norm = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
          if norm > 1e-12 { u = g.map { $0 / norm } }
        }
        for j in 0..<d { y[(b * r + k) * d + j] = t[b * d + j] + epsilon * u[j] }
      }
    }
    for _ in 0..<steps {
      let g = model.gradient(x: x, y: Tensor(shape: [batch, r, d], scalars: y)).scalars
      for i in y.indices { y[i] -= stepSize * g[i] }
      project(&y, target: t, batch: batch, restarts: r, dimension: d, using: &rng)
    }
    let energies = model(x: x, y: Tensor(shape: [batch, r, d], scalars: y)).scalars
    var out = [Float](repeating: 0, count: batch * d)
    for b in 0..<batch {
      var best = 0
      for k in 1..<r where energies[b * r + k] < energies[b * r + best] { best = k }
      for j in 0..<d { out[b * d + j] = y[(b * r + best) * d + j] }
    }
    return Tensor(shape: [batch, d], scalars: out)
  }

  /// Puts every candidate back on or outside the ε-sphere around its target.
  func project(
    _ y: inout [Float], target t: [Float], batch: Int, restarts r: Int, dimension d: Int,
    using rng: inout RandomGenerator
  ) {
    for b in 0..<batch {
      for k in 0..<r {
        let base = (b * r + k) * d
        var norm: Float = 0
        for j in 0..<d {
          let diff = y[base + j] - t[b * d + j]
          norm += diff * diff
        }
        norm = norm.squareRoot()
        guard norm < epsilon else { continue }
        if norm == 0 {
          let u = unitVector(d, using: &rng)
          for j in 0..<d { y[base + j] = t[b * d + j] + epsilon * u[j] }
        } else {
          for j in 0..<d { y[base + j] = t[b * d + j] + (y[base + j] - t[b * d + j]) * (epsilon / norm) }
        }
      }
    }
  }

  func unitVector(_ d: Int, using rng: inout RandomGenerator) -> [Float] {
    while true {
      let v = (0..<d).map { _ in rng.nextNormal() }
      let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
      if n > 1e-6 { return v.map { $0 / n } }
    }
  }
}
