import EBMProtocols
import Tensors

/// A test double for LeCun's losses: a label energy whose energies are the parameter `"e"`
/// itself, `[B, K]`, whatever the inputs, so a loss's value and gradient can be compared with
/// hand computations on chosen energies.
public struct LeCunTableEnergy: LabelEnergyFunction {
  public let labelCount: Int
  public init(labelCount: Int) { self.labelCount = labelCount }
  public var kind: EnergyKind { .discrete(inputShape: [1], labelCount: labelCount) }
  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet { [:] }
  public func labelEnergies(x: Tensor, parameters: ParameterSet) -> Tensor { parameters["e"]! }
}
