import EBMProtocols
import Foundation
import Tensors

/// Test double: a Gaussian proposal with a density, q(y) = N(y; center, σ² I) (centre 0 for
/// unconditional requests without a centre), returning log q with the samples.
public struct ToyGaussianProposal: ProposalSampler {
  public var std: Float
  public init(std: Float = 0.3) { self.std = std }

  public var capability: SamplerCapability { .density }

  public mutating func sample(_ request: SampleRequest, using rng: inout RandomGenerator) throws -> SampleResult {
    let samples: Tensor
    if let center = request.center, request.x != nil {
      let (b, d) = (center.shape[0], center.shape[1])
      samples = center.unsqueezed(at: 1) + Tensor.normal([b, request.count, d], std: std, using: &rng)
    } else {
      let d = request.dimension ?? request.center!.shape[1]
      samples = Tensor.normal([request.count, d], std: std, using: &rng)
    }
    return SampleResult(samples: samples, logDensity: logDensity(of: samples, for: request))
  }

  public func logDensity(of y: Tensor, for request: SampleRequest) -> Tensor? {
    let d = Float(y.shape.last!)
    let constant = -d * (Foundation.log(std) + 0.5 * Foundation.log(2 * Float.pi))
    if let center = request.center, request.x != nil {
      return ((y - center.unsqueezed(at: 1)) * (1 / std)).squared().sum(alongAxis: 2) * -0.5 + constant
    }
    return (y * (1 / std)).squared().sum(alongAxis: 1) * -0.5 + constant
  }
}
