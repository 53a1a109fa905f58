import Tensors

extension Tensor {
  /// The tensor as rows `[B, n]` (inputs `[B, ...]` flattened per example).
  func flattenedRows() -> Tensor {
    rank == 2 ? self : reshaped([shape[0], -1])
  }
}
