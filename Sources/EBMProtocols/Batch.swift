import Tensors

/// One minibatch, in the form every objective reads.
///
/// - Regression: `x` `[B, dx]`, `y` the targets `[B, dy]`.
/// - Generative models: `x == nil`, `y` the data points `[B, d]`.
/// - Classification / OOD: `x` `[B, ...]`, `labels`, and `outliers` (auxiliary outliers
///   `[B_out, ...]`) when the objective asks for them.
public struct Batch: Sendable {
  /// Inputs, or `nil` for unconditional data.
  public var x: Tensor?
  /// Continuous targets or data points (for label data, the labels as floats `[B]`).
  public var y: Tensor
  /// Integer class labels, when the data has them.
  public var labels: [Int]?
  /// Auxiliary outliers (no labels), when the objective requires them.
  public var outliers: Tensor?

  public init(x: Tensor?, y: Tensor, labels: [Int]? = nil, outliers: Tensor? = nil) {
    self.x = x
    self.y = y
    self.labels = labels
    self.outliers = outliers
  }

  /// Number of examples B.
  public var count: Int { y.shape.first ?? 0 }
}
