import Tensors

/// A finite set of examples (rows) from which batches are cut.
public struct Dataset: Sendable {
  /// Inputs `[N, ...]`, or `nil` for unconditional data.
  public var x: Tensor?
  /// Targets / points `[N, ...]` (for label data, the labels as floats `[N]`).
  public var y: Tensor
  /// Integer labels, when the data has them.
  public var labels: [Int]?

  public init(x: Tensor?, y: Tensor, labels: [Int]? = nil) {
    precondition(x == nil || x!.shape[0] == y.shape[0], "Dataset: x has \(x!.shape[0]) rows, y \(y.shape[0])")
    self.x = x
    self.y = y
    self.labels = labels
  }

  /// A labelled dataset: inputs and integer labels.
  public init(x: Tensor, labels: [Int]) {
    self.init(x: x, y: Tensor(labels.map(Float.init)), labels: labels)
  }

  /// Number of examples N.
  public var count: Int { y.shape.first ?? 0 }

  /// The examples at `indices`, as a batch.
  public func batch(_ indices: [Int]) -> Batch {
    Batch(
      x: x?.indexSelect(indices), y: y.indexSelect(indices),
      labels: labels.map { all in indices.map { all[$0] } })
  }

  /// The rows at `indices`, as a dataset.
  public func subset(_ indices: [Int]) -> Dataset {
    Dataset(x: x?.indexSelect(indices), y: y.indexSelect(indices), labels: labels.map { all in indices.map { all[$0] } })
  }

  /// Every example, as one batch.
  public var all: Batch { Batch(x: x, y: y, labels: labels) }
}
