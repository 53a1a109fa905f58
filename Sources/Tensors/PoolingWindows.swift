import CTensorKernels

/// The windows of a 2-D pooling over the last two axes of an NCHW tensor: for each output row
/// the input rows it covers (clipped to the image) and the extent it divides by, likewise for
/// columns. Max pooling, average pooling and adaptive average pooling are all described this way.
struct PoolingWindows: Sendable, Equatable {
  /// Input rows [start, end) of each output row, clipped to the image.
  let rows: [Range<Int>]
  /// Input columns [start, end) of each output column, clipped to the image.
  let columns: [Range<Int>]
  /// The row extent each output row's average divides by.
  let rowDivisors: [Int]
  /// The column extent each output column's average divides by.
  let columnDivisors: [Int]
  /// Input [batch, channels, height, width].
  let inputShape: [Int]

  var outputShape: [Int] { [inputShape[0], inputShape[1], rows.count, columns.count] }

  /// Fixed windows of `kernel` taps every `stride` input positions over an input padded by
  /// `padding` on each side (PyTorch's `max_pool2d` / `avg_pool2d` with `ceil_mode=False`); an
  /// average divides by the whole kernel area, padding included (`count_include_pad=True`).
  init(sliding inputShape: [Int], kernel: SpatialPair, stride: SpatialPair, padding: SpatialPair, operation: String) {
    precondition(inputShape.count == 4, "\(operation) needs an NCHW input of rank 4, got shape \(inputShape)")
    precondition(
      kernel.height >= 1 && kernel.width >= 1 && stride.height >= 1 && stride.width >= 1,
      "\(operation): kernel \(kernel) and stride \(stride) must be positive")
    precondition(
      padding.height >= 0 && padding.width >= 0 && 2 * padding.height <= kernel.height
        && 2 * padding.width <= kernel.width,
      "\(operation): padding \(padding) must be between 0 and half the kernel \(kernel)")
    func axis(_ extent: Int, _ k: Int, _ s: Int, _ p: Int) -> [Range<Int>] {
      let outputs = (extent + 2 * p - k) / s + 1
      precondition(
        extent + 2 * p >= k, "\(operation): kernel \(kernel) is larger than the padded input \(inputShape)")
      return (0..<outputs).map { i in
        let start = i * s - p
        return Swift.max(0, start)..<Swift.min(extent, start + k)
      }
    }
    rows = axis(inputShape[2], kernel.height, stride.height, padding.height)
    columns = axis(inputShape[3], kernel.width, stride.width, padding.width)
    rowDivisors = [Int](repeating: kernel.height, count: rows.count)
    columnDivisors = [Int](repeating: kernel.width, count: columns.count)
    self.inputShape = inputShape
  }

  /// Adaptive windows (PyTorch's `adaptive_avg_pool2d`): output row i covers input rows
  /// ⌊i·H/Ho⌋ ..< ⌈(i+1)·H/Ho⌉ and divides by their count; likewise columns.
  init(adaptive inputShape: [Int], outputSize: SpatialPair) {
    precondition(
      inputShape.count == 4, "adaptiveAvgPool2d needs an NCHW input of rank 4, got shape \(inputShape)")
    precondition(
      outputSize.height >= 1 && outputSize.width >= 1,
      "adaptiveAvgPool2d: output size \(outputSize) must be positive")
    func axis(_ extent: Int, _ outputs: Int) -> [Range<Int>] {
      (0..<outputs).map { i in (i * extent / outputs)..<(((i + 1) * extent + outputs - 1) / outputs) }
    }
    rows = axis(inputShape[2], outputSize.height)
    columns = axis(inputShape[3], outputSize.width)
    rowDivisors = rows.map(\.count)
    columnDivisors = columns.map(\.count)
    self.inputShape = inputShape
  }

  /// The flat input index of each output's largest element (the first one in row-major order
  /// among ties; NaN wins), and the maxima. A window lying wholly in the padding cannot occur.
  func maxima(_ x: [Float]) -> (values: [Float], indices: [Int]) {
    isPairwise ? pairMaxima(x) : windowMaxima(x)
  }

  /// Whether every window is 2 × 2 and they tile the input from its corner (kernel 2, stride 2,
  /// no padding: the CNNs' max-pooling), which ``pairMaxima(_:)`` hands to the C kernel.
  var isPairwise: Bool {
    rows.enumerated().allSatisfy { $0.element == (2 * $0.offset)..<(2 * $0.offset + 2) }
      && columns.enumerated().allSatisfy { $0.element == (2 * $0.offset)..<(2 * $0.offset + 2) }
  }

  /// ``maxima(_:)`` of 2 × 2 windows at stride 2 (``isPairwise``) by `ebm_maxpool2x2_forward`:
  /// the same values and indices, without branching on the data.
  func pairMaxima(_ x: [Float]) -> (values: [Float], indices: [Int]) {
    let planes = inputShape[0] * inputShape[1]
    let count = planes * rows.count * columns.count
    var values = [Float](repeating: 0, count: count)
    var indices = [Int](repeating: 0, count: count)
    x.withUnsafeBufferPointer { x in
      values.withUnsafeMutableBufferPointer { values in
        indices.withUnsafeMutableBufferPointer { indices in
          ebm_maxpool2x2_forward(
            x.baseAddress, values.baseAddress, indices.baseAddress, planes, inputShape[2], inputShape[3])
        }
      }
    }
    return (values, indices)
  }

  /// ``maxima(_:)`` for any windows.
  func windowMaxima(_ x: [Float]) -> (values: [Float], indices: [Int]) {
    let planes = inputShape[0] * inputShape[1]
    let (height, width) = (inputShape[2], inputShape[3])
    let outputs = planes * rows.count * columns.count
    var values = [Float](repeating: 0, count: outputs)
    var indices = [Int](repeating: 0, count: outputs)
    x.withUnsafeBufferPointer { x in
      var o = 0
      for plane in 0..<planes {
        let base = plane * height * width
        for rowRange in rows {
          for columnRange in columns {
            var best = -Float.infinity
            var bestIndex = base + rowRange.lowerBound * width + columnRange.lowerBound
            for r in rowRange {
              for c in columnRange {
                let v = x[base + r * width + c]
                if v > best || (v.isNaN && !best.isNaN) {
                  best = v
                  bestIndex = base + r * width + c
                }
              }
            }
            values[o] = best
            indices[o] = bestIndex
            o += 1
          }
        }
      }
    }
    return (values, indices)
  }

  /// The window averages of `x` (the input's shape).
  func average(_ x: [Float]) -> [Float] {
    let planes = inputShape[0] * inputShape[1]
    let (height, width) = (inputShape[2], inputShape[3])
    var out = [Float](repeating: 0, count: planes * rows.count * columns.count)
    x.withUnsafeBufferPointer { x in
      var o = 0
      for plane in 0..<planes {
        let base = plane * height * width
        for (i, rowRange) in rows.enumerated() {
          for (j, columnRange) in columns.enumerated() {
            var sum: Float = 0
            for r in rowRange {
              for c in columnRange { sum += x[base + r * width + c] }
            }
            out[o] = sum / Float(rowDivisors[i] * columnDivisors[j])
            o += 1
          }
        }
      }
    }
    return out
  }

  /// The adjoint of ``average(_:)``: each output's `g / divisor` added to every input of its window.
  func averageAdjoint(_ g: [Float]) -> [Float] {
    let planes = inputShape[0] * inputShape[1]
    let (height, width) = (inputShape[2], inputShape[3])
    var out = [Float](repeating: 0, count: planes * height * width)
    g.withUnsafeBufferPointer { g in
      out.withUnsafeMutableBufferPointer { out in
        var o = 0
        for plane in 0..<planes {
          let base = plane * height * width
          for (i, rowRange) in rows.enumerated() {
            for (j, columnRange) in columns.enumerated() {
              let share = g[o] / Float(rowDivisors[i] * columnDivisors[j])
              for r in rowRange {
                for c in columnRange { out[base + r * width + c] += share }
              }
              o += 1
            }
          }
        }
      }
    }
    return out
  }
}
