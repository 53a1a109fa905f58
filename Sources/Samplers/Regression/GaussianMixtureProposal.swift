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
/// Requests: conditional (`x` given) `center [B, dy]` → samples `[B, M, dy]`, log q `[B, M]`;
/// unconditional `center [N, d]` (one draw per row, `count == N`) or no centre (centred at 0,
/// `[count, dimension]`).
public struct GaussianMixtureProposal: ProposalSampler {
  /// Component standard deviations σ_k.
  public var stds: [Float]
  /// Draw separate offsets per example instead of sharing one set across the batch.
  public var perExample: Bool

  public init(stds: [Float], perExample: Bool = Options().perExample) {
    precondition(!stds.isEmpty && stds.allSatisfy { $0 > 0 }, "GaussianMixtureProposal needs positive stds")
    self.stds = stds
    self.perExample = perExample
  }

  public var capability: SamplerCapability { .density }

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

  public mutating func sample(_ request: SampleRequest, using rng: inout RandomGenerator) throws -> SampleResult {
    guard request.count >= 1 else { throw EBMError.invalid("gmm: sample count must be >= 1, got \(request.count)") }
    if let center = request.center, request.x != nil {
      return conditionalSample(center: center, count: request.count, using: &rng)
    }
    if let center = request.center {
      // Unconditional with start points: one draw around each row.
      let d = center.shape.last ?? 1
      let offsets = drawOffsets(count: center.shape[0], dimension: d, using: &rng)
      let samples = center.detached + Tensor(shape: center.shape, scalars: offsets)
      return SampleResult(samples: samples, logDensity: Tensor(logDensity(offsets: offsets, dimension: d)))
    }
    guard let d = request.dimension else {
      throw EBMError.invalid("gmm: a request without a centre needs a dimension")
    }
    let offsets = drawOffsets(count: request.count, dimension: d, using: &rng)
    return SampleResult(
      samples: Tensor(shape: [request.count, d], scalars: offsets),
      logDensity: Tensor(logDensity(offsets: offsets, dimension: d)))
  }

  func conditionalSample(center: Tensor, count m: Int, using rng: inout RandomGenerator) -> SampleResult {
    let b = center.shape[0]
    let d = center.count / Swift.max(b, 1)
    let offsets: [Float]
    let logQ: [Float]
    if perExample {
      offsets = drawOffsets(count: b * m, dimension: d, using: &rng)
      logQ = logDensity(offsets: offsets, dimension: d)
    } else {
      let shared = drawOffsets(count: m, dimension: d, using: &rng)
      let sharedLogQ = logDensity(offsets: shared, dimension: d)
      offsets = Self.tiled(shared, times: b)
      logQ = Self.tiled(sharedLogQ, times: b)
    }
    let samples = center.detached.reshaped([b, 1, d]) + Tensor(shape: [b, m, d], scalars: offsets)
    return SampleResult(samples: samples, logDensity: Tensor(shape: [b, m], scalars: logQ))
  }

  /// `values` repeated `times` times, one after the other.
  static func tiled(_ values: [Float], times: Int) -> [Float] {
    var result: [Float] = []
    result.reserveCapacity(values.count * times)
    for _ in 0..<times { result.append(contentsOf: values) }
    return result
  }

  public func logDensity(of y: Tensor, for request: SampleRequest) -> Tensor? {
    let d = y.shape.last ?? 1
    guard let center = request.center else {
      return Tensor(shape: Array(y.shape.dropLast()), scalars: logDensity(offsets: y.scalars, dimension: d))
    }
    let offsets: Tensor
    if y.rank == 3 {
      offsets = y.detached - center.detached.reshaped([center.shape[0], 1, d])
    } else {
      offsets = y.detached - center.detached
    }
    return Tensor(shape: Array(y.shape.dropLast()), scalars: logDensity(offsets: offsets.scalars, dimension: d))
  }
}
