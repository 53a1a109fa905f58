import EBMProtocols
import Foundation
import Tensors

/// A proposal uniform in a box of half-width w around each target:
///
/// ```
/// y_m ~ U[c − w, c + w]^d,   log q(y | c) = −d log(2w) inside the box, −∞ outside
/// ```
///
/// Conditional requests only (a centre `[B, d]` gives `[B, count, d]`).
public struct UniformBoxProposal: ProposalSampler {
  /// The options of `uniform-box`.
  public struct Options: TypedOptions, Equatable {
    /// w, the box's half-width.
    public var halfWidth = 1.0
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .double("half-width", \.halfWidth, "w, the box's half-width", range: 1e-6...1e6)
    ]
  }

  public var options: Options

  public init(_ options: Options = Options()) { self.options = options }

  public var capability: SamplerCapability { .density }

  public mutating func sample(_ request: SampleRequest, using rng: inout RandomGenerator) throws -> SampleResult {
    guard let center = request.center, center.rank == 2 else {
      throw EBMError.incompatible("uniform-box draws around a centre [B, d]; help: use it with a conditional task")
    }
    let (b, d) = (center.shape[0], center.shape[1])
    let w = Float(options.halfWidth)
    let offsets = Tensor.uniform([b, request.count, d], low: -w, high: w, using: &rng)
    let samples = center.unsqueezed(at: 1) + offsets
    return SampleResult(samples: samples, logDensity: logDensity(of: samples, for: request))
  }

  public func logDensity(of y: Tensor, for request: SampleRequest) -> Tensor? {
    guard let center = request.center, center.rank == 2, y.rank == 3 else { return nil }
    let (b, m, d) = (y.shape[0], y.shape[1], y.shape[2])
    let w = options.halfWidth
    let inside = -Double(d) * (2 * w).logarithm
    var values = [Float](repeating: 0, count: b * m)
    for i in 0..<b {
      for j in 0..<m {
        var within = true
        for k in 0..<d where abs(Double(y.scalars[(i * m + j) * d + k] - center.scalars[i * d + k])) > w { within = false }
        values[i * m + j] = within ? Float(inside) : -.infinity
      }
    }
    return Tensor(shape: [b, m], scalars: values)
  }
}

extension Double {
  fileprivate var logarithm: Double { Foundation.log(self) }
}
