import EBMProtocols
import Foundation
import Tensors

/// A Gaussian mixture proposal centred on the target, with equal weights and isotropic
/// components of the given standard deviations (Gustafsson et al., BMVC 2020, Sec. 3):
///
/// ```
/// q(y | y_c) = (1/K) Σ_k N(y; y_c, σ_k² I)
/// log q = logsumexp_k( −½‖y − y_c‖²/σ_k² − d log σ_k − (d/2) log 2π ) − log K
/// ```
///
/// Draws pick a component uniformly, then y = y_c + σ_k ε. With `perExample == false`
/// (the reference code's choice) one set of M offsets is drawn per request and shared by
/// every example of the batch; otherwise each example gets its own.
///
/// Requests: `.around(y_c [B, dy], count: M)` → samples `[B, M, dy]`, log q `[B, M]`;
/// `.unconditional(count: N, dimension: d)` → the mixture centred at 0, `[N, d]`, log q `[N]`.
public struct GaussianMixtureProposal: DensitySampler {
  /// Component standard deviations σ_k.
  public var stds: [Float]
  /// Draw separate offsets per example instead of sharing one set across the batch.
  public var perExample: Bool

  public init(stds: [Float], perExample: Bool = Options().perExample) {
    precondition(!stds.isEmpty && stds.allSatisfy { $0 > 0 }, "GaussianMixtureProposal needs positive stds")
    self.stds = stds
    self.perExample = perExample
  }

  /// `count` offsets `[count, d]` drawn from the centred mixture.
  public func drawOffsets(count: Int, dimension d: Int, using rng: inout RandomGenerator) -> [Float] {
    var out = [Float](repeating: 0, count: count * d)
    for i in 0..<count {
      let sigma = stds[stds.count == 1 ? 0 : rng.uniformInt(below: stds.count)]
      for j in 0..<d { out[i * d + j] = sigma * rng.nextNormal() }
    }
    return out
  }

  /// log q of centred offsets, row by row: `offsets` holds rows of `d` values; returns one
  /// log-density per row (stable log-sum-exp over components).
  public func logDensity(offsets: [Float], dimension d: Int) -> [Float] {
    let rows = offsets.count / d
    let k = stds.count
    let logK = Foundation.log(Double(k))
    let halfLog2Pi = 0.5 * Foundation.log(2 * Double.pi)
    let logSigma = stds.map { Foundation.log(Double($0)) }
    let inverseVariance = stds.map { 1 / (Double($0) * Double($0)) }
    var out = [Float](repeating: 0, count: rows)
    var terms = [Double](repeating: 0, count: k)
    for r in 0..<rows {
      var squared = 0.0
      for j in 0..<d {
        let v = Double(offsets[r * d + j])
        squared += v * v
      }
      var best = -Double.infinity
      for c in 0..<k {
        terms[c] = -0.5 * squared * inverseVariance[c] - Double(d) * (logSigma[c] + halfLog2Pi)
        best = Swift.max(best, terms[c])
      }
      var total = 0.0
      for c in 0..<k { total += Foundation.exp(terms[c] - best) }
      out[r] = Float(best + Foundation.log(total) - logK)
    }
    return out
  }

  public mutating func draw(_ request: ProposalRequest, using rng: inout RandomGenerator) throws -> ProposalDraw {
    guard request.count >= 1 else { throw EBMError.invalid("gmm: sample count must be >= 1, got \(request.count)") }
    switch request {
    case let .around(center, m):
      let b = center.shape[0]
      let d = center.count / Swift.max(b, 1)
      if perExample {
        let offsets = Tensor(shape: [b, m, d], scalars: drawOffsets(count: b * m, dimension: d, using: &rng))
        return ProposalDraw(samples: center.detached.reshaped([b, 1, d]) + offsets, offsets: offsets)
      }
      let shared = drawOffsets(count: m, dimension: d, using: &rng)
      let samples = center.detached.reshaped([b, 1, d]) + Tensor(shape: [b, m, d], scalars: Self.tiled(shared, times: b))
      return ProposalDraw(samples: samples, offsets: Tensor(shape: [m, d], scalars: shared))
    case let .unconditional(count, d):
      let points = Tensor(shape: [count, d], scalars: drawOffsets(count: count, dimension: d, using: &rng))
      return ProposalDraw(samples: points, offsets: points)
    }
  }

  public func logDensity(offsets: Tensor, for request: ProposalRequest) -> Tensor {
    let d = offsets.shape.last ?? 1
    return Tensor(shape: Array(offsets.shape.dropLast()), scalars: logDensity(offsets: offsets.scalars, dimension: d))
  }

  /// `values` repeated `times` times, one after the other.
  static func tiled(_ values: [Float], times: Int) -> [Float] {
    var result: [Float] = []
    result.reserveCapacity(values.count * times)
    for _ in 0..<times { result.append(contentsOf: values) }
    return result
  }
}
