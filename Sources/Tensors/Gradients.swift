/// Reverse-mode gradients of `output` with respect to each tensor in `inputs`.
///
/// The inputs must be recorded tensors (leaves made with ``Tensor/requiringGradient()`` or
/// results computed from them); an input the output does not depend on gets zeros.
///
/// With `createGraph: true` the backward pass is itself recorded, so the returned gradients
/// can be differentiated again (score matching trains on dE/dy, so it needs d/dθ of dE/dy).
/// With `createGraph: false` (the default) the gradients are constants and no graph is kept.
///
/// - Parameters:
///   - output: the tensor to differentiate; a single element unless `seed` is given.
///   - inputs: the tensors to differentiate with respect to.
///   - seed: the gradient flowing into `output` (its shape); default 1 for a scalar.
///   - createGraph: record the backward pass for higher-order gradients. Default `false`.
/// - Returns: one gradient per input, each with that input's shape.
/// - Complexity: O(size of the graph between `inputs` and `output`).
public func gradients(
  of output: Tensor, at inputs: [Tensor], seed: Tensor? = nil, createGraph: Bool = false
) -> [Tensor] {
  if let seed {
    precondition(
      seed.shape == output.shape,
      "gradients(of:) seed shape \(seed.shape) must equal the output shape \(output.shape)")
  } else {
    precondition(
      output.count == 1,
      "gradients(of:) needs a single-element output (shape \(output.shape)); help: sum it or pass a seed")
  }
  let zeros = inputs.map { Tensor.zeros($0.shape) }
  guard let root = output.node else { return zeros }

  var targets = Set<ObjectIdentifier>()
  for input in inputs {
    if let node = input.node { targets.insert(ObjectIdentifier(node)) }
  }
  if targets.isEmpty { return zeros }

  // Post-order over the nodes reachable from the output (inputs before their users), keeping
  // only the nodes through which some target is reached.
  var order: [GraphNode] = []
  var reaches: [ObjectIdentifier: Bool] = [:]
  var stack: [(GraphNode, Int)] = [(root, 0)]
  reaches.reserveCapacity(64)
  while let (node, next) = stack.popLast() {
    let id = ObjectIdentifier(node)
    if next == 0, reaches[id] != nil { continue }
    if next < node.inputs.count {
      stack.append((node, next + 1))
      if let child = node.inputs[next], reaches[ObjectIdentifier(child)] == nil {
        stack.append((child, 0))
      }
      continue
    }
    var reached = targets.contains(id)
    for child in node.inputs {
      if let child, reaches[ObjectIdentifier(child)] == true { reached = true }
    }
    if reaches[id] == nil {
      reaches[id] = reached
      if reached { order.append(node) }
    }
  }

  return GradientRecording.$isEnabled.withValue(createGraph) {
    var accumulated: [ObjectIdentifier: Tensor] = [:]
    accumulated[ObjectIdentifier(root)] = seed ?? Tensor.ones(output.shape)
    var results: [ObjectIdentifier: Tensor] = [:]
    for node in order.reversed() {
      let id = ObjectIdentifier(node)
      guard let upstream = accumulated.removeValue(forKey: id) else { continue }
      if targets.contains(id) { results[id] = upstream }
      guard let pullback = node.pullback else { continue }
      let inputGradients = pullback(node.output, upstream)
      precondition(
        inputGradients.count == node.inputs.count,
        "pullback of \(node.operation) returned \(inputGradients.count) gradients for \(node.inputs.count) inputs")
      for (child, gradient) in zip(node.inputs, inputGradients) {
        guard let child, let gradient, reaches[ObjectIdentifier(child)] == true else { continue }
        precondition(
          gradient.shape == child.shape,
          "pullback of \(node.operation) gave a gradient of shape \(gradient.shape) for an input of shape \(child.shape)")
        let childID = ObjectIdentifier(child)
        if let existing = accumulated[childID] {
          accumulated[childID] = existing + gradient
        } else {
          accumulated[childID] = gradient
        }
      }
    }
    return inputs.enumerated().map { index, input in
      guard let node = input.node, let gradient = results[ObjectIdentifier(node)] else {
        return zeros[index]
      }
      return gradient
    }
  }
}

/// The value of a scalar function and its gradients with respect to `inputs`.
///
/// `body` receives the inputs as fresh graph leaves; this is the usual way to differentiate a
/// closure: `let (loss, grads) = valueWithGradient(at: [w, b]) { p in loss(p[0], p[1]) }`.
public func valueWithGradient(
  at inputs: [Tensor], createGraph: Bool = false, in body: ([Tensor]) throws -> Tensor
) rethrows -> (value: Tensor, gradients: [Tensor]) {
  let leaves = inputs.map { $0.requiringGradient() }
  let value = try withGradients { try body(leaves) }
  return (value.detached, gradients(of: value, at: leaves, createGraph: createGraph))
}
