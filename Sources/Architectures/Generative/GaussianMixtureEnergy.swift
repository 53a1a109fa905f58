import Foundation
import Tensors
import EBMProtocols

/// The energy of an isotropic Gaussian mixture, an analytic multimodal target for samplers.
///
/// ```
/// E(x) = −log Σₖ πₖ N(x; μₖ, σₖ² I)
/// ```
///
/// No trainable parameters; ∇E by autodiff. Exact samples: ``sample(count:using:)``.
public struct GaussianMixtureEnergy: EnergyFunction {
  /// Component means, K × d.
  public let means: [[Double]]
  /// Component standard deviations σₖ.
  public let stds: [Double]
  /// Mixture weights πₖ (normalised).
  public let weights: [Double]

  /// - Throws: ``EBMError/invalidOption(component:option:reason:)`` on inconsistent sizes.
  public init(means: [[Double]], stds: [Double], weights: [Double]) throws {
    let k = means.count
    guard k >= 1, let d = means.first?.count, d >= 1, means.allSatisfy({ $0.count == d }) else {
      throw EBMError.invalidOption(component: "gmm-energy", option: "means", reason: "must be K ≥ 1 points of equal dimension")
    }
    guard stds.count == k, stds.allSatisfy({ $0 > 0 }) else {
      throw EBMError.invalidOption(component: "gmm-energy", option: "stds", reason: "must be \(k) positive numbers")
    }
    guard weights.count == k, weights.allSatisfy({ $0 > 0 }) else {
      throw EBMError.invalidOption(component: "gmm-energy", option: "weights", reason: "must be \(k) positive numbers")
    }
    let total = weights.reduce(0, +)
    self.means = means
    self.stds = stds
    self.weights = weights.map { $0 / total }
  }

  public var dimension: Int { means[0].count }
  public var kind: EnergyKind { .unconditional(dimension: dimension) }
  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet { [:] }

  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    let k = means.count
    let d = dimension
    let mu = Tensor(shape: [1, k, d], scalars: means.flatMap { $0.map(Float.init) })
    let inverseVariance = Tensor(shape: [1, k], scalars: stds.map { Float(1 / ($0 * $0)) })
    let logNormaliser = Tensor(
      shape: [1, k],
      scalars: (0..<k).map { Float(Foundation.log(weights[$0]) - Double(d) * Foundation.log(stds[$0]) - 0.5 * Double(d) * Foundation.log(2 * Double.pi)) })
    let squared = (y.unsqueezed(at: 1) - mu).squared().sum(alongAxis: 2)
    let logComponents = logNormaliser - squared * inverseVariance * 0.5
    return logComponents.logSumExp(alongAxis: 1) * -1
  }

  /// `count` exact samples `[count, d]`.
  public func sample(count: Int, using rng: inout RandomGenerator) -> Tensor {
    let d = dimension
    var out = [Float]()
    out.reserveCapacity(count * d)
    let probabilities = weights.map(Float.init)
    for _ in 0..<count {
      let c = rng.categorical(probabilities: probabilities)
      for i in 0..<d { out.append(Float(means[c][i] + stds[c] * Double(rng.nextNormal()))) }
    }
    return Tensor(shape: [count, d], scalars: out)
  }
}
