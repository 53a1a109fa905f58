import EBMProtocols
import Tensors

extension TrainedEnergy {
  /// Every label's energy `[B, K]` of a discrete energy (through ``LabelEnergyFunction`` when
  /// possible, otherwise one energy call with all K labels as candidates).
  func labelTable(x: Tensor, labelCount k: Int) -> Tensor {
    if let all = labelEnergies(x: x) { return all }
    let b = x.shape[0]
    return self(x: x, y: Tensor(shape: [b, k], scalars: (0..<b).flatMap { _ in (0..<k).map(Float.init) }))
  }
}
