import EBMProtocols
import Tensors

/// The regression energy on a finite label set, with answers coded one-hot:
///
/// ```
/// E(W, Y, X) = ‖e_Y − G_W(X)‖²,   e_Y the Y-th unit vector of ℝ^K
/// ```
/// so that a classification task can train ``RegressionEnergy`` with the energy loss (squared
/// error on one-hot targets, which does not collapse) and compare it with the other
/// architectures label by label. Inference: argmin_Y E = argmax_Y G_W(X)_Y.
public struct OneHotRegressionEnergy: LabelEnergyFunction {
  /// The regression energy with output dimension K.
  public let regression: RegressionEnergy

  public init(inputShape: [Int], labelCount: Int, hidden: [Int], activation: MLPActivation = RegressionEnergy.Options().activation) {
    precondition(labelCount >= 2, "OneHotRegressionEnergy: needs at least two labels")
    regression = RegressionEnergy(inputShape: inputShape, outputDimension: labelCount, hidden: hidden, activation: activation)
  }

  public var labelCount: Int { regression.outputDimension }
  public var kind: EnergyKind { .discrete(inputShape: regression.inputShape, labelCount: labelCount) }

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    regression.initialParameters(using: &rng)
  }

  /// ‖e_k − G(x)‖² = ‖G(x)‖² − 2 G(x)_k + 1 for every label, `[B, K]`.
  public func labelEnergies(x: Tensor, parameters: ParameterSet) -> Tensor {
    let g = regression.prediction(x: x, parameters: parameters)
    return g.squared().sum(alongAxis: 1, keepingDimensions: true) - g * 2 + 1
  }
}
