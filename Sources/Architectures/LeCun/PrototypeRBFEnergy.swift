import EBMProtocols
import Tensors

/// The RBF architecture with several prototypes per class, the prototype index being a
/// latent variable Z:
///
/// ```
/// E(W, Z, Y, X) = ‖W X − c_{Y,Z}‖²,   Z ∈ {0, …, P − 1}
/// ```
/// Wrapped in ``LatentVariableEnergy`` with the minimum, E(Y, X) is the distance to the
/// nearest prototype of class Y (learning vector quantisation's model); with the free energy,
/// a soft minimum.
///
/// Parameters: `"rbf.weight"` `[D, n]` (U(−1/√n, 1/√n)), `"rbf.centers"` `[K·P, D]` (row k·P + z is
/// c_{k,z}; N(0, 0.1²), as ``RBFEnergy``).
public struct PrototypeRBFEnergy: LatentLabelEnergy {
  public let inputShape: [Int]
  public let labelCount: Int
  public let features: Int
  /// P, prototypes per class (|Z|).
  public let prototypes: Int

  public init(inputShape: [Int], labelCount: Int, features: Int, prototypes: Int) {
    precondition(labelCount >= 2 && features >= 1 && prototypes >= 1, "PrototypeRBFEnergy: bad sizes")
    self.inputShape = inputShape
    self.labelCount = labelCount
    self.features = features
    self.prototypes = prototypes
  }

  public var kind: EnergyKind { .discrete(inputShape: inputShape, labelCount: labelCount) }
  public var latentCount: Int { prototypes }

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    let n = inputShape.reduce(1, *)
    let bound = 1 / Float(n).squareRoot()
    return [
      "rbf.weight": Tensor.uniform([features, n], low: -bound, high: bound, using: &rng),
      "rbf.centers": Tensor.normal([labelCount * prototypes, features], std: 0.1, using: &rng),
    ]
  }

  /// ‖W x − c_{k,z}‖², `[B, K, P]`.
  public func latentLabelEnergies(x: Tensor, parameters p: ParameterSet) -> Tensor {
    guard let w = p["rbf.weight"], let c = p["rbf.centers"] else {
      preconditionFailure("PrototypeRBFEnergy: parameters 'rbf.weight' and 'rbf.centers' are missing")
    }
    let h = Tensor.matmul(MultilayerPerceptron.rows(x), w, transposeB: true)
    return RBFEnergy.squaredDistances(h, c).reshaped([h.shape[0], labelCount, prototypes])
  }
}
