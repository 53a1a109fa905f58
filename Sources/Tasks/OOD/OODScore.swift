import Foundation
import Tensors

/// How a classifier's label energies E(x, ·) = −f(x) become an OOD score (higher = more OOD).
///
/// - `msp`: −max_y softmax(f(x))_y (Hendrycks & Gimpel, ICLR 2017).
/// - `energy(T)`: the free energy E(x) = −T log Σ_y exp(f_y(x) / T) (Liu et al., NeurIPS 2020).
/// - `maxLogit`: −max_y f_y(x) (Hendrycks et al., "Scaling OOD detection", 2022).
public enum OODScore: Sendable, Equatable {
  case msp
  case energy(temperature: Double)
  case maxLogit

  /// Registry spelling: `msp`, `energy`, `max-logit`.
  public var name: String {
    switch self {
    case .msp: "msp"
    case .energy: "energy"
    case .maxLogit: "max-logit"
    }
  }

  /// The score of every row of label energies `[B, K]`, `[B]`.
  public func scores(labelEnergies: Tensor) -> [Double] {
    precondition(labelEnergies.rank == 2, "OODScore needs [B, K] label energies, got \(labelEnergies.shape)")
    let (b, k) = (labelEnergies.shape[0], labelEnergies.shape[1])
    let e = labelEnergies.scalars
    return (0..<b).map { i in
      let row = (0..<k).map { -Double(e[i * k + $0]) }  // logits
      let top = row.max()!
      switch self {
      case .maxLogit:
        return -top
      case .msp:
        let z = row.reduce(0) { $0 + Foundation.exp($1 - top) }
        return -1 / z
      case let .energy(t):
        let scaledTop = top / t
        let z = row.reduce(0) { $0 + Foundation.exp($1 / t - scaledTop) }
        return -t * (scaledTop + Foundation.log(z))
      }
    }
  }
}
