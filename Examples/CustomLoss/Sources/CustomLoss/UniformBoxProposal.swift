import EBMProtocols
import Foundation
import Tensors

/// A proposal uniform in a box of half-width w around each target:
///
/// ```
/// y_m ~ U[c − w, c + w]^d,   log q(y | c) = −d log(2w) inside the box, −∞ outside
/// ```
///
/// `.around` requests only (reference points `[B, d]` give `[B, count, d]`).
public struct UniformBoxProposal: DensitySampler {
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

  public mutating func draw(_ request: ProposalRequest, using rng: inout RandomGenerator) throws -> ProposalDraw {
    guard case let .around(center, count) = request, center.rank == 2 else {
      throw EBMError.incompatible("uniform-box draws around a centre [B, d]; help: use it with a conditional task")
    }
    let (b, d) = (center.shape[0], center.shape[1])
    let w = Float(options.halfWidth)
    let offsets = Tensor.uniform([b, count, d], low: -w, high: w, using: &rng)
    return ProposalDraw(samples: center.unsqueezed(at: 1) + offsets, offsets: offsets)
  }

  /// −d log(2w) where every coordinate of the offset is within w, −∞ elsewhere.
  public func logDensity(offsets: Tensor, for request: ProposalRequest) -> Tensor {
    let d = offsets.shape.last ?? 1
    let w = options.halfWidth
    let inside = Float(-Double(d) * (2 * w).logarithm)
    let values = offsets.scalars
    let rows = (0..<(values.count / d)).map { r in
      (0..<d).allSatisfy { abs(Double(values[r * d + $0])) <= w } ? inside : -Float.infinity
    }
    return Tensor(shape: Array(offsets.shape.dropLast()), scalars: rows)
  }
}

extension Double {
  fileprivate var logarithm: Double { Foundation.log(self) }
}
