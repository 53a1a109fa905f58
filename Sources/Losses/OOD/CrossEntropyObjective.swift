import EBMProtocols
import Tensors

/// The classifier's cross-entropy, the negative log-likelihood of the Gibbs distribution of a
/// label energy:
///
/// ```
/// L = −(1/B) Σ_i log softmax(−E(x_i, ·))_{y_i} = (1/B) Σ_i [E(x_i, y_i) + log Σ_y exp(−E(x_i, y))]
/// ```
///
/// Used to pretrain the classifier of the OOD study (Hendrycks et al., ICLR 2019; Liu et al.,
/// NeurIPS 2020).
public struct CrossEntropyObjective: TrainingObjective {
  public init() {}

  public var requirements: ObjectiveRequirements { [.labels] }
  public var supportedFamilies: Set<String> { ["discrete"] }

  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let model = try context.labelEnergy(for: "cross-entropy")
    let (x, labels) = try context.labelledInputs(for: "cross-entropy")
    let logits = -model.labelEnergies(x: x, parameters: context.parameters)
    return ClassifierLosses.crossEntropy(logits: logits, labels: labels)
  }
}
