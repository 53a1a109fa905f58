import EBMProtocols
import Tensors

extension LossContext {
  /// The energy as a label energy, or a clear error for objectives that need one.
  func labelEnergy(for objective: String) throws -> any LabelEnergyFunction {
    guard let labelled = energy as? any LabelEnergyFunction else {
      throw EBMError.incompatible("objective '\(objective)' needs a label energy (a classifier), got \(energy.kind)")
    }
    return labelled
  }

  /// The batch's inputs and labels, or a clear error.
  func labelledInputs(for objective: String) throws -> (x: Tensor, labels: [Int]) {
    guard let x = batch.x, let labels = batch.labels else {
      throw EBMError.incompatible("objective '\(objective)' needs labelled inputs in the batch")
    }
    return (x, labels)
  }

  /// Logits f = −E of the in-distribution batch and of the auxiliary outliers, from one
  /// forward pass over both (as the reference code concatenates them): (`[B, K]`, `[B_out, K]`).
  func inlierAndOutlierLogits(for objective: String) throws -> (inliers: Tensor, outliers: Tensor, labels: [Int]) {
    let model = try labelEnergy(for: objective)
    let (x, labels) = try labelledInputs(for: objective)
    guard let outliers = batch.outliers else {
      throw EBMError.incompatible("objective '\(objective)' needs auxiliary outliers in the batch")
    }
    let count = x.shape[0]
    let both = Tensor.concatenate([x, outliers.reshaped([outliers.shape[0]] + Array(x.shape.dropFirst()))], alongAxis: 0)
    let logits = -model.labelEnergies(x: both, parameters: parameters)
    let total = logits.shape[0]
    return (logits.slice(alongAxis: 0, 0..<count), logits.slice(alongAxis: 0, count..<total), labels)
  }
}
