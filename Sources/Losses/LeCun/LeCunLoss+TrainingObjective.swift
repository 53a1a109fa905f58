import EBMProtocols
import Tensors

extension LeCunLoss {
  /// No sampler, no outliers. Labels are checked when the loss runs, because continuous-Y
  /// (conditional) tasks have targets instead.
  public var requirements: ObjectiveRequirements { [] }

  /// Discrete labels and continuous Y; the negative log-likelihood (every answer's energy)
  /// is discrete only, since its integral over continuous Y has no general closed form.
  public var supportedFamilies: Set<EnergyFamily> {
    contrast == .allAnswers ? [.discrete] : [.discrete, .conditional]
  }

  /// The mean of ``perExampleLoss(_:)`` over the batch.
  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let energies = try context.contrastedEnergies(contrast, search: search)
    return perExampleLoss(energies).mean()
  }
}
