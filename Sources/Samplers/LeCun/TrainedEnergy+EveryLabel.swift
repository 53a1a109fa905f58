import EBMProtocols
import Tensors

extension TrainedEnergy {
  /// Every label's energy `[B, K]` of a discrete energy (through ``LabelEnergyFunction`` when the
  /// energy is one, otherwise one energy call with all K labels as candidates), or `nil` for
  /// energies over continuous Y.
  func everyLabelEnergy(x: Tensor) -> Tensor? {
    guard case let .discrete(_, k) = energy.kind else { return nil }
    if let all = labelEnergies(x: x) { return all }
    let b = x.shape[0]
    let labels = (0..<b).flatMap { _ in (0..<k).map(Float.init) }
    return self(x: x, y: Tensor(shape: [b, k], scalars: labels))
  }
}
