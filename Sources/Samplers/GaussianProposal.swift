import EBMProtocols
import Foundation
import Tensors

/// A Gaussian proposal / noise distribution with a known density.
///
/// - `.around(center [B, dy], count: M)`: y ~ N(center, σ² I), `[B, M, dy]`
///   (offsets shared across the batch unless `perExample`).
/// - `.unconditional(count: N, dimension: d)`: y ~ N(μ, Σ) with μ and the full covariance Σ
///   fitted to the training points in ``prepare(data:)`` (so that NCE on generative data uses
///   a noise distribution matched to the data, as in Gutmann & Hyvärinen 2010); before
///   fitting, N(0, σ² I).
///
/// ```
/// log N(y; μ, Σ) = −½‖L⁻¹(y − μ)‖² − Σ_i log L_ii − (d/2) log 2π,   Σ = L Lᵀ
/// ```
public struct GaussianProposal: DensitySampler {
  /// Standard deviation around a centre (and of the unfitted noise).
  public var std: Float
  /// Draw separate offsets per example instead of sharing one set across the batch.
  public var perExample: Bool
  /// Fitted mean μ (`nil` before ``prepare(data:)`` on unconditional data).
  public private(set) var mean: [Double]?
  /// Lower Cholesky factor L of the fitted covariance, row-major `d × d`.
  public private(set) var choleskyFactor: [Double]?

  public init(std: Float = Options().std, perExample: Bool = Options().perExample) {
    precondition(std > 0, "GaussianProposal needs std > 0")
    self.std = std
    self.perExample = perExample
  }

  /// Fits μ and Σ (with a 1e-6 ridge) to unconditional training data; conditional data is
  /// left alone (proposals are then centred on each target).
  public mutating func prepare(data: Dataset) throws {
    guard data.x == nil else { return }
    let n = data.count
    guard n >= 2 else { throw EBMError.invalid("gaussian: fitting needs at least 2 training points, got \(n)") }
    let d = data.y.count / n
    var mu = [Double](repeating: 0, count: d)
    let ys = data.y.scalars
    for i in 0..<n { for j in 0..<d { mu[j] += Double(ys[i * d + j]) } }
    for j in 0..<d { mu[j] /= Double(n) }
    var cov = [Double](repeating: 0, count: d * d)
    for i in 0..<n {
      for a in 0..<d {
        let da = Double(ys[i * d + a]) - mu[a]
        for b in 0...a { cov[a * d + b] += da * (Double(ys[i * d + b]) - mu[b]) }
      }
    }
    for a in 0..<d {
      for b in 0...a {
        cov[a * d + b] /= Double(n - 1)
        cov[b * d + a] = cov[a * d + b]
      }
      cov[a * d + a] += 1e-6
    }
    guard let factor = DenseLinearAlgebra.cholesky(cov, d) else {
      throw EBMError.invalid("gaussian: the training data's covariance is not positive definite")
    }
    mean = mu
    choleskyFactor = factor
  }

  /// log N(offset; 0, σ² I) per row of `d` values.
  func isotropicLogDensity(_ offsets: [Float], _ d: Int) -> [Float] {
    let rows = offsets.count / d
    let constant = Double(d) * (Foundation.log(Double(std)) + 0.5 * Foundation.log(2 * Double.pi))
    let inverseVariance = 1 / (Double(std) * Double(std))
    return (0..<rows).map { r in
      var squared = 0.0
      for j in 0..<d { squared += Double(offsets[r * d + j]) * Double(offsets[r * d + j]) }
      return Float(-0.5 * squared * inverseVariance - constant)
    }
  }

  /// log N(y; μ, Σ) per row under the fitted Gaussian.
  func fittedLogDensity(_ y: [Float], _ d: Int, mean mu: [Double], factor l: [Double]) -> [Float] {
    let rows = y.count / d
    var logDet = 0.0
    for i in 0..<d { logDet += Foundation.log(l[i * d + i]) }
    let constant = logDet + 0.5 * Double(d) * Foundation.log(2 * Double.pi)
    var z = [Double](repeating: 0, count: d)
    return (0..<rows).map { r in
      var squared = 0.0
      for i in 0..<d {
        var s = Double(y[r * d + i]) - mu[i]
        for k in 0..<i { s -= l[i * d + k] * z[k] }
        z[i] = s / l[i * d + i]
        squared += z[i] * z[i]
      }
      return Float(-0.5 * squared - constant)
    }
  }

  public mutating func draw(_ request: ProposalRequest, using rng: inout RandomGenerator) throws -> ProposalDraw {
    guard request.count >= 1 else { throw EBMError.invalid("gaussian: sample count must be >= 1, got \(request.count)") }
    switch request {
    case let .around(center, m):
      let b = center.shape[0]
      let d = center.count / Swift.max(b, 1)
      let drawn = perExample ? b * m : m
      var offsets = [Float](repeating: 0, count: drawn * d)
      for i in offsets.indices { offsets[i] = std * rng.nextNormal() }
      let tiled = perExample ? offsets : Array([[Float]](repeating: offsets, count: b).joined())
      let samples = center.detached.reshaped([b, 1, d]) + Tensor(shape: [b, m, d], scalars: tiled)
      return ProposalDraw(samples: samples, offsets: Tensor(shape: perExample ? [b, m, d] : [m, d], scalars: offsets))
    case let .unconditional(n, d):
      var values = [Float](repeating: 0, count: n * d)
      if let mu = mean, let l = choleskyFactor, mu.count == d {
        var z = [Double](repeating: 0, count: d)
        for r in 0..<n {
          for i in 0..<d { z[i] = Double(rng.nextNormal()) }
          for i in 0..<d {
            var s = mu[i]
            for k in 0...i { s += l[i * d + k] * z[k] }
            values[r * d + i] = Float(s)
          }
        }
      } else {
        for i in values.indices { values[i] = std * rng.nextNormal() }
      }
      let points = Tensor(shape: [n, d], scalars: values)
      return ProposalDraw(samples: points, offsets: points)
    }
  }

  /// Around reference points: N(offset; 0, σ² I). Unconditional: the fitted N(y; μ, Σ) (before
  /// fitting, or for another dimension, N(y; 0, σ² I)).
  public func logDensity(offsets: Tensor, for request: ProposalRequest) -> Tensor {
    let d = offsets.shape.last ?? 1
    let shape = Array(offsets.shape.dropLast())
    if case .unconditional = request, let mu = mean, let l = choleskyFactor, mu.count == d {
      return Tensor(shape: shape, scalars: fittedLogDensity(offsets.scalars, d, mean: mu, factor: l))
    }
    return Tensor(shape: shape, scalars: isotropicLogDensity(offsets.scalars, d))
  }

  public var persistentState: ParameterSet {
    guard let mu = mean, let l = choleskyFactor else { return [:] }
    return ["mean": Tensor(mu.map(Float.init)), "cholesky": Tensor(l.map(Float.init))]
  }

  public mutating func restorePersistentState(_ state: ParameterSet) throws {
    guard let mu = state["mean"], let l = state["cholesky"] else { return }
    guard l.count == mu.count * mu.count else {
      throw EBMError.invalid("gaussian: checkpoint state has mean of \(mu.count) and Cholesky factor of \(l.count) values")
    }
    mean = mu.scalars.map(Double.init)
    choleskyFactor = l.scalars.map(Double.init)
  }
}
