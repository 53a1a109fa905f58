/// A node of the reverse-mode autodiff graph: the value an operation produced, the nodes of
/// its inputs, and the rule that maps the gradient of its output to gradients of its inputs.
///
/// Nodes are immutable once made, so the graph is `Sendable`; gradients are accumulated in
/// a table private to each call of ``gradients(of:at:seed:createGraph:)``, never in the nodes.
public final class GraphNode: Sendable {
  /// The pullback of an operation: given its output (as a tensor carrying this node, so that
  /// the rule itself can be differentiated) and the gradient flowing into that output, the
  /// gradient for each input, or `nil` where an input receives none.
  public typealias Pullback = @Sendable (_ output: Tensor, _ upstream: Tensor) -> [Tensor?]

  /// Debugging tag: the operation that produced the value (`"leaf"` for leaves).
  public let operation: String
  /// Shape of the value.
  let shape: [Int]
  /// The value produced (shared with the output tensor's storage, not copied).
  let value: [Float]
  /// The inputs' nodes, in argument order; `nil` for constant inputs.
  let inputs: [GraphNode?]
  /// The reverse rule; `nil` for leaves.
  let pullback: Pullback?

  init(leafShape: [Int], value: [Float]) {
    self.operation = "leaf"
    self.shape = leafShape
    self.value = value
    self.inputs = []
    self.pullback = nil
  }

  init(operation: String, shape: [Int], value: [Float], inputs: [GraphNode?], pullback: @escaping Pullback) {
    self.operation = operation
    self.shape = shape
    self.value = value
    self.inputs = inputs
    self.pullback = pullback
  }

  /// The output of this node as a recorded tensor.
  var output: Tensor { Tensor(shape: shape, scalars: value, node: self) }
}
