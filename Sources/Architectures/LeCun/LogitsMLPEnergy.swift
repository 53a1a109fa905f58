import EBMProtocols
import Tensors

/// A classifier's logits as an energy: E(W, Y, X) = −f_W(X)_Y, with f a ``MultilayerPerceptron``
/// (parameters `f.<l>.weight` `[out, in]`, `f.<l>.bias`: a PyTorch module whose `f` is the
/// `nn.ModuleList` of its `nn.Linear` layers).
///
/// Inference argmin_Y E is the classifier's argmax, and the Gibbs distribution with β = 1 is
/// its softmax, so the NLL loss is cross-entropy. Energies have either sign, so losses written
/// for positive energies (LVQ2, square-square) are not natural here; the study reports them anyway.
///
/// Reference: LeCun et al., "A Tutorial on Energy-Based Learning" (2006), section 1.
public struct LogitsMLPEnergy: LabelEnergyFunction {
  public let inputShape: [Int]
  public let labelCount: Int
  /// f_W.
  public let network: MultilayerPerceptron

  public init(inputShape: [Int], labelCount: Int, hidden: [Int], activation: MLPActivation = Options().activation) {
    precondition(labelCount >= 2, "LogitsMLPEnergy: needs at least two labels")
    self.inputShape = inputShape
    self.labelCount = labelCount
    network = MultilayerPerceptron(widths: [inputShape.reduce(1, *)] + hidden + [labelCount], activation: activation, prefix: "f")
  }

  public var kind: EnergyKind { .discrete(inputShape: inputShape, labelCount: labelCount) }

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    network.initialParameters(using: &rng)
  }

  /// −f(x), `[B, K]`.
  public func labelEnergies(x: Tensor, parameters: ParameterSet) -> Tensor {
    -network(MultilayerPerceptron.rows(x), parameters: parameters)
  }
}
