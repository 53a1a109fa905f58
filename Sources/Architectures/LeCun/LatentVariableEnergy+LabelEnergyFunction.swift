import EBMProtocols
import Tensors

extension LatentVariableEnergy: LabelEnergyFunction where Inner: LatentLabelEnergy {
  public var labelCount: Int { inner.labelCount }

  /// Every label's energy with Z eliminated, `[B, K]`.
  public func labelEnergies(x: Tensor, parameters: ParameterSet) -> Tensor {
    reduction.reduce(inner.latentLabelEnergies(x: x, parameters: parameters))
  }
}
