import EBMProtocols
import Foundation
import Tensors

/// Test double: maximum likelihood with importance sampling (ML-IS, Gustafsson et al. 2020,
/// eq. 9, written with E = −f):
///
/// ```
/// L = E(x, y) + log( (1/M) Σₘ exp(−E(x, yₘ)) / q(yₘ) ),   yₘ ~ q(· | y)
/// ```
///
/// Requires a sampler with a density.
public struct ToyImportanceObjective: TrainingObjective {
  public var samples: Int
  public init(samples: Int = 32) { self.samples = samples }

  public var requirements: ObjectiveRequirements { [.densities] }
  public var supportedFamilies: Set<EnergyFamily> { [.conditional] }

  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let batch = context.batch
    let draw = try context.propose(.around(batch.y, count: samples))
    let logQ = draw.logDensity
    let positive = context.energy(x: batch.x, y: batch.y.unsqueezed(at: 1)).mean()
    let negative = (context.energy(x: batch.x, y: draw.samples) * -1 - logQ).logSumExp(alongAxis: 1) - Float(Foundation.log(Double(samples)))
    return positive + negative.mean()
  }
}
