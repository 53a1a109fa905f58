/// Whether operations record autodiff nodes, scoped to the current task or thread.
///
/// Recording is on by default. ``withoutGradients(_:)`` turns it off for a scope (inference,
/// sampling, evaluation): results of operations are then constants, which is faster and keeps
/// no graph alive. The flag is a task-local value, so it is safe under Swift 6 concurrency and
/// one task's scope never leaks into another's.
public enum GradientRecording {
  /// The task-local flag behind ``isRecording``; set it through ``withoutGradients(_:)``.
  @TaskLocal public static var isEnabled: Bool = true

  /// Whether operations record graph nodes here and now.
  public static var isRecording: Bool { isEnabled }
}

/// Runs `body` with gradient recording off: no operation inside records graph nodes.
@inlinable
public func withoutGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
  try GradientRecording.$isEnabled.withValue(false) { try body() }
}

/// Runs `body` with gradient recording on (the default), e.g. inside a ``withoutGradients(_:)``
/// scope where one gradient is needed.
@inlinable
public func withGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
  try GradientRecording.$isEnabled.withValue(true) { try body() }
}

extension Tensor {
  /// The result of an operation: records a graph node when recording is on and any input is
  /// recorded, and otherwise returns a constant.
  static func result(
    _ operation: String, shape: [Int], scalars: [Float], inputs: [Tensor],
    pullback: @escaping GraphNode.Pullback
  ) -> Tensor {
    var anyRecorded = false
    for input in inputs where input.node != nil {
      anyRecorded = true
      break
    }
    guard anyRecorded, GradientRecording.isEnabled else {
      return Tensor(shape: shape, scalars: scalars, node: nil)
    }
    let node = GraphNode(
      operation: operation, shape: shape, value: scalars, inputs: inputs.map(\.node),
      pullback: pullback)
    return Tensor(shape: shape, scalars: scalars, node: node)
  }
}

extension Tensor {
  /// The same value behind a recorded identity node of its own (when this tensor is recorded),
  /// so that gradients with respect to the result count only the paths through this use.
  func identityNode(_ operation: String = "identity") -> Tensor {
    Tensor.result(operation, shape: shape, scalars: scalars, inputs: [self]) { _, g in [g] }
  }
}
