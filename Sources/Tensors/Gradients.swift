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
  guard let root = output.node else { return inputs.map { Tensor.zeros($0.shape) } }

  // Every node met gets a dense index (one table lookup per node and per edge); everything
  // else is kept in arrays by index, not in hashed tables.
  var indexOf: [ObjectIdentifier: Int] = [:]
  indexOf.reserveCapacity(128)
  var nodes: [GraphNode] = []
  var isTarget: [Bool] = []
  var finished: [Bool] = []
  var reached: [Bool] = []
  /// Children of node i: edges[edgeStart[i] ..< edgeStart[i] + inputs.count], -1 for constants;
  /// edgeStart[i] = -1 until the node is expanded.
  var edgeStart: [Int] = []
  var edges: [Int] = []
  func index(of node: GraphNode) -> Int {
    let id = ObjectIdentifier(node)
    if let i = indexOf[id] { return i }
    let i = nodes.count
    indexOf[id] = i
    nodes.append(node)
    isTarget.append(false)
    finished.append(false)
    reached.append(false)
    edgeStart.append(-1)
    return i
  }
  var anyTarget = false
  for input in inputs {
    if let node = input.node {
      isTarget[index(of: node)] = true
      anyTarget = true
    }
  }
  if !anyTarget { return inputs.map { Tensor.zeros($0.shape) } }

  // Post-order over the nodes reachable from the output (inputs before their users), keeping
  // only the nodes through which some target is reached.
  let rootIndex = index(of: root)
  var order: [Int] = []
  var stack: [(Int, Int)] = [(rootIndex, 0)]
  while let (i, next) = stack.popLast() {
    if next == 0 {
      if finished[i] { continue }
      if edgeStart[i] < 0 {
        edgeStart[i] = edges.count
        for child in nodes[i].inputs { edges.append(child.map { index(of: $0) } ?? -1) }
      }
    }
    let count = nodes[i].inputs.count
    if next < count {
      stack.append((i, next + 1))
      let child = edges[edgeStart[i] + next]
      if child >= 0, !finished[child] { stack.append((child, 0)) }
      continue
    }
    if finished[i] { continue }
    var through = isTarget[i]
    for k in 0..<count {
      let child = edges[edgeStart[i] + k]
      if child >= 0, reached[child] { through = true }
    }
    finished[i] = true
    reached[i] = through
    if through { order.append(i) }
  }

  return GradientRecording.$isEnabled.withValue(createGraph) {
    var accumulated = [Tensor?](repeating: nil, count: nodes.count)
    accumulated[rootIndex] = seed ?? Tensor.ones(output.shape)
    var results = [Tensor?](repeating: nil, count: nodes.count)
    for i in order.reversed() {
      guard let upstream = accumulated[i] else { continue }
      accumulated[i] = nil
      if isTarget[i] { results[i] = upstream }
      let node = nodes[i]
      guard let pullback = node.pullback else { continue }
      let inputGradients = pullback(node.output, upstream)
      precondition(
        inputGradients.count == node.inputs.count,
        "pullback of \(node.operation) returned \(inputGradients.count) gradients for \(node.inputs.count) inputs")
      for (k, gradient) in inputGradients.enumerated() {
        let child = edges[edgeStart[i] + k]
        guard child >= 0, let gradient, reached[child] else { continue }
        precondition(
          gradient.shape == nodes[child].shape,
          "pullback of \(node.operation) gave a gradient of shape \(gradient.shape) for an input of shape \(nodes[child].shape)")
        if let existing = accumulated[child] {
          accumulated[child] = existing + gradient
        } else {
          accumulated[child] = gradient
        }
      }
    }
    return inputs.map { input in
      guard let node = input.node, let gradient = results[indexOf[ObjectIdentifier(node)]!] else {
        return Tensor.zeros(input.shape)
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
