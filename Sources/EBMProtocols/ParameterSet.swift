import Tensors

/// Named parameters of a model, e.g. `"fc1.weight"`. Keys are iterated in sorted order wherever
/// order matters (optimizers, checkpoints), so results do not depend on dictionary order.
public typealias ParameterSet = [String: Tensor]

extension Dictionary where Key == String, Value == Tensor {
  /// The same parameters as fresh autodiff leaves, for one training step.
  public func requiringGradients() -> ParameterSet { mapValues { $0.requiringGradient() } }
  /// The same parameters without graph nodes.
  public func detached() -> ParameterSet { mapValues { $0.detached } }
  /// Total number of scalars.
  public var scalarCount: Int { values.reduce(0) { $0 + $1.count } }
}
