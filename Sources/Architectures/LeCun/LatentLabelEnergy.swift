import EBMProtocols
import Tensors

/// A ``LatentInputEnergy`` over a finite label set that gives every (label, latent) energy at
/// once, `[B, K, |Z|]`. Wrapped in ``LatentVariableEnergy`` it is a ``LabelEnergyFunction``.
public protocol LatentLabelEnergy: LatentInputEnergy {
  /// K, the number of labels.
  var labelCount: Int { get }
  /// E(W, z, k, x) for every label k and latent value z, `[B, K, |Z|]`.
  func latentLabelEnergies(x: Tensor, parameters: ParameterSet) -> Tensor
}

extension LatentLabelEnergy {
  /// Label indices y `[B, M]` (or `[B, M, 1]`, stored as floats) pick rows of
  /// ``latentLabelEnergies(x:parameters:)``: `[B, M, |Z|]`.
  public func latentEnergies(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    guard let x else { preconditionFailure("a latent label energy needs inputs x") }
    let all = latentLabelEnergies(x: x, parameters: parameters)  // [B, K, Z]
    let (batch, z) = (all.shape[0], all.shape[2])
    let candidates = y.count / max(batch, 1)
    let labels = y.scalars.map { Int($0) }
    var rows: [Int] = []
    rows.reserveCapacity(labels.count)
    for b in 0..<batch {
      for m in 0..<candidates { rows.append(b * labelCount + labels[b * candidates + m]) }
    }
    return all.reshaped([batch * labelCount, z]).indexSelect(rows).reshaped([batch, candidates, z])
  }
}
