import Tensors

/// An energy over a finite label set: E(x, y) for y ∈ {0, …, K − 1}, all labels at once.
///
/// A classifier with logits f(x) is the energy E(x, y) = −f_y(x); its free energy
/// E(x) = −T log Σ_y exp(−E(x, y) / T) is the OOD energy score (Liu et al., 2020), and
/// LeCun's losses pick the correct and the most offending labels from these energies.
public protocol LabelEnergyFunction: EnergyFunction {
  /// Number of labels K.
  var labelCount: Int { get }
  /// Every label's energy, `[B, K]`.
  func labelEnergies(x: Tensor, parameters: ParameterSet) -> Tensor
}

extension LabelEnergyFunction {
  /// E(x, y) for label indices y `[B, M]` (or `[B, M, 1]`) stored as floats: picks columns of
  /// ``labelEnergies(x:parameters:)``.
  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    guard let x else { preconditionFailure("a label energy needs inputs x") }
    let all = labelEnergies(x: x, parameters: parameters)  // [B, K]
    let batch = all.shape[0]
    let candidates = y.count / max(batch, 1)
    let labels = y.scalars.map { Int($0) }
    var flat: [Int] = []
    flat.reserveCapacity(labels.count)
    for b in 0..<batch {
      for m in 0..<candidates { flat.append(b * labelCount + labels[b * candidates + m]) }
    }
    return all.reshaped([-1]).indexSelect(flat).reshaped([batch, candidates])
  }

  /// The free energy −T log Σ_y exp(−E(x, y) / T), `[B]`.
  public func freeEnergy(x: Tensor, parameters: ParameterSet, temperature: Float = 1) -> Tensor {
    (labelEnergies(x: x, parameters: parameters) * (-1 / temperature)).logSumExp(alongAxis: 1) * (-temperature)
  }
}
