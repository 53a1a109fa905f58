import Tensors
import EBMProtocols

/// The energy of a multivariate Gaussian, an analytic target for testing samplers.
///
/// ```
/// E(x) = ½ (x − μ)ᵀ Σ⁻¹ (x − μ),   ∇E(x) = Σ⁻¹ (x − μ),   p(x) = N(μ, Σ)
/// ```
///
/// No trainable parameters. Exact samples: ``sample(count:using:)`` (x = μ + L z, Σ = L Lᵀ).
public struct GaussianEnergy: EnergyFunction {
  /// μ.
  public let mean: [Double]
  /// Σ, row-major d × d.
  public let covariance: [Double]
  let precision: [Double]
  let cholesky: [Double]

  /// - Throws: ``EBMError/invalidOption(component:option:reason:)`` when Σ is not d × d,
  ///   symmetric and positive definite.
  public init(mean: [Double], covariance: [Double]) throws {
    let d = mean.count
    guard d >= 1, covariance.count == d * d else {
      throw EBMError.invalidOption(
        component: "gaussian-energy", option: "covariance",
        reason: "must have d·d = \(d * d) entries (row-major) for a mean of length \(d), got \(covariance.count)")
    }
    for i in 0..<d { for j in 0..<d where Swift.abs(covariance[i * d + j] - covariance[j * d + i]) > 1e-9 {
      throw EBMError.invalidOption(component: "gaussian-energy", option: "covariance", reason: "must be symmetric")
    } }
    guard let l = DenseLinearAlgebra.cholesky(covariance, d) else {
      throw EBMError.invalidOption(
        component: "gaussian-energy", option: "covariance", reason: "must be positive definite")
    }
    self.mean = mean
    self.covariance = covariance
    self.cholesky = l
    self.precision = DenseLinearAlgebra.inverse(covariance, d)!
  }

  public var kind: EnergyKind { .unconditional(dimension: mean.count) }

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet { [:] }

  var meanTensor: Tensor { Tensor(shape: [mean.count], scalars: mean.map(Float.init)) }
  var precisionTensor: Tensor { Tensor(shape: [mean.count, mean.count], scalars: precision.map(Float.init)) }

  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    let diff = y - meanTensor
    return (diff * Tensor.matmul(diff, precisionTensor)).sum(alongAxis: 1) * 0.5
  }

  public func energyGradient(x: Tensor?, y: Tensor, parameters: ParameterSet, createGraph: Bool) -> Tensor {
    let diff = y - meanTensor
    let g = Tensor.matmul(diff, precisionTensor)
    return createGraph ? g : g.detached
  }

  /// `count` exact samples `[count, d]`.
  public func sample(count: Int, using rng: inout RandomGenerator) -> Tensor {
    let d = mean.count
    var out = [Float](repeating: 0, count: count * d)
    for n in 0..<count {
      let z = (0..<d).map { _ in Double(rng.nextNormal()) }
      for i in 0..<d {
        var v = mean[i]
        for j in 0...i { v += cholesky[i * d + j] * z[j] }
        out[n * d + i] = Float(v)
      }
    }
    return Tensor(shape: [count, d], scalars: out)
  }
}
