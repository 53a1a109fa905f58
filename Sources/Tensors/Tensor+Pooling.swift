// Max, average and adaptive average pooling over the last two axes of NCHW tensors (PyTorch's
// max_pool2d, avg_pool2d and adaptive_avg_pool2d), differentiable with respect to the input to
// any order: average pooling is linear (its pullback is its adjoint, whose pullback is itself),
// and max pooling routes the gradient through the recorded argmax (a gather, whose pullback is
// the matching scatter).

extension Tensor {
  /// Max pooling: each output is the largest input of its window, padding counting as −∞.
  ///
  /// - Parameters:
  ///   - kernel: window size.
  ///   - stride: window step; default the kernel size.
  ///   - padding: implicit −∞ padding on each side, at most half the kernel; default 0.
  /// - Returns: `[batch, channels, (height + 2·pad − kernel)/stride + 1, ...]` (floor).
  /// - Note: the gradient goes to the first largest input of each window (row-major order).
  public func maxPool2d(kernel: SpatialPair, stride: SpatialPair? = nil, padding: SpatialPair = 0) -> Tensor {
    let windows = PoolingWindows(
      sliding: shape, kernel: kernel, stride: stride ?? kernel, padding: padding, operation: "maxPool2d")
    let (values, indices) = windows.maxima(scalars)
    return Tensor.gatheringElements(self, at: indices, values: values, shape: windows.outputShape)
  }

  /// Average pooling: each output is the mean of its window, zero padding included in the
  /// count (PyTorch's default `count_include_pad=True`).
  ///
  /// - Parameters:
  ///   - kernel: window size.
  ///   - stride: window step; default the kernel size.
  ///   - padding: implicit zero padding on each side, at most half the kernel; default 0.
  /// - Returns: `[batch, channels, (height + 2·pad − kernel)/stride + 1, ...]` (floor).
  public func avgPool2d(kernel: SpatialPair, stride: SpatialPair? = nil, padding: SpatialPair = 0) -> Tensor {
    let windows = PoolingWindows(
      sliding: shape, kernel: kernel, stride: stride ?? kernel, padding: padding, operation: "avgPool2d")
    return Tensor.averagePooled(self, windows)
  }

  /// Adaptive average pooling to a fixed output size: output row i averages input rows
  /// ⌊i·H/Ho⌋ ..< ⌈(i+1)·H/Ho⌉ (likewise columns), so any input size maps to `outputSize`.
  /// `adaptiveAvgPool2d(1)` is global average pooling.
  public func adaptiveAvgPool2d(_ outputSize: SpatialPair) -> Tensor {
    Tensor.averagePooled(self, PoolingWindows(adaptive: shape, outputSize: outputSize))
  }

  static func averagePooled(_ x: Tensor, _ windows: PoolingWindows) -> Tensor {
    result("averagePool", shape: windows.outputShape, scalars: windows.average(x.scalars), inputs: [x]) { _, g in
      [averagePoolAdjoint(g, windows)]
    }
  }

  static func averagePoolAdjoint(_ g: Tensor, _ windows: PoolingWindows) -> Tensor {
    result("averagePoolAdjoint", shape: windows.inputShape, scalars: windows.averageAdjoint(g.scalars), inputs: [g]) {
      _, gg in [averagePooled(gg, windows)]
    }
  }

  /// out[i] = x.scalars[indices[i]], with `values` the already gathered elements (or `nil`).
  static func gatheringElements(_ x: Tensor, at indices: [Int], values: [Float]? = nil, shape: [Int]) -> Tensor {
    let gathered = values ?? x.scalars.withUnsafeBufferPointer { s in indices.map { s[$0] } }
    let sourceShape = x.shape
    return result("gatherElements", shape: shape, scalars: gathered, inputs: [x]) { _, g in
      [scatteringElements(g, to: indices, shape: sourceShape)]
    }
  }

  /// out (zeros of `shape`) with g.scalars[i] added at indices[i]: the adjoint of a gather.
  static func scatteringElements(_ g: Tensor, to indices: [Int], shape: [Int]) -> Tensor {
    var out = [Float](repeating: 0, count: shape.reduce(1, *))
    g.scalars.withUnsafeBufferPointer { g in
      for (i, index) in indices.enumerated() { out[index] += g[i] }
    }
    let sourceShape = g.shape
    return result("scatterElements", shape: shape, scalars: out, inputs: [g]) { _, gg in
      [gatheringElements(gg, at: indices, shape: sourceShape)]
    }
  }
}
