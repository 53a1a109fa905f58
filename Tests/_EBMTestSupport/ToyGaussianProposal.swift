import EBMProtocols
import Foundation
import Tensors

/// Test double: a Gaussian proposal with a density, q(y) = N(y; c, σ² I) around each reference
/// point c (centre 0 for unconditional requests).
public struct ToyGaussianProposal: DensitySampler {
  public var std: Float
  public init(std: Float = 0.3) { self.std = std }

  public mutating func draw(_ request: ProposalRequest, using rng: inout RandomGenerator) throws -> ProposalDraw {
    switch request {
    case let .around(center, count):
      let (b, d) = (center.shape[0], center.shape[1])
      let offsets = Tensor.normal([b, count, d], std: std, using: &rng)
      return ProposalDraw(samples: center.unsqueezed(at: 1) + offsets, offsets: offsets)
    case let .unconditional(count, d):
      let points = Tensor.normal([count, d], std: std, using: &rng)
      return ProposalDraw(samples: points, offsets: points)
    }
  }

  public func logDensity(offsets: Tensor, for request: ProposalRequest) -> Tensor {
    let d = Float(offsets.shape.last!)
    let constant = -d * (Foundation.log(std) + 0.5 * Foundation.log(2 * Float.pi))
    return (offsets * (1 / std)).squared().sum(alongAxis: offsets.rank - 1) * -0.5 + constant
  }
}
