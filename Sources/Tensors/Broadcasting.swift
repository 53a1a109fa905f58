/// NumPy-style broadcasting of shapes and the strided loops that apply a binary function to two
/// broadcast tensors.
///
/// Two shapes broadcast when, aligned at their last axes, each pair of extents is equal or one
/// of them is 1; the result takes the larger extent on every axis.
public enum Broadcasting {
  /// The broadcast shape of `a` and `b`, or `nil` when they do not broadcast.
  public static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
    let rank = max(a.count, b.count)
    var result = [Int](repeating: 1, count: rank)
    for axis in 0..<rank {
      let da = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
      let db = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
      if da == db || db == 1 {
        result[axis] = da
      } else if da == 1 {
        result[axis] = db
      } else {
        return nil
      }
    }
    return result
  }

  /// Row-major strides of `shape` laid out against `target` (rank-aligned at the end), with 0
  /// on every broadcast axis.
  static func strides(of shape: [Int], broadcastTo target: [Int]) -> [Int] {
    var strides = [Int](repeating: 0, count: target.count)
    var step = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
      let targetAxis = axis + target.count - shape.count
      strides[targetAxis] = shape[axis] == 1 ? 0 : step
      step *= shape[axis]
    }
    return strides
  }

  /// `out[i] = f(a[ia], b[ib])` over the broadcast shape.
  @inline(__always)
  static func apply(
    _ a: Tensor, _ b: Tensor, outputShape: [Int], _ f: (Float, Float) -> Float
  ) -> [Float] {
    let count = outputShape.reduce(1, *)
    return [Float](unsafeUninitializedCapacity: count) { out, initialized in
      initialized = count
      guard count > 0 else { return }
      a.scalars.withUnsafeBufferPointer { pa in
        b.scalars.withUnsafeBufferPointer { pb in
          let na = pa.count
          let nb = pb.count
          if na == count && nb == count {
            for i in 0..<count { out[i] = f(pa[i], pb[i]) }
          } else if nb == 1 && na == count {
            let s = pb[0]
            for i in 0..<count { out[i] = f(pa[i], s) }
          } else if na == 1 && nb == count {
            let s = pa[0]
            for i in 0..<count { out[i] = f(s, pb[i]) }
          } else if na == count, count % nb == 0, isTrailingBlock(b.shape, of: outputShape) {
            var base = 0
            while base < count {
              for j in 0..<nb { out[base + j] = f(pa[base + j], pb[j]) }
              base += nb
            }
          } else if nb == count, count % na == 0, isTrailingBlock(a.shape, of: outputShape) {
            var base = 0
            while base < count {
              for j in 0..<na { out[base + j] = f(pa[j], pb[base + j]) }
              base += na
            }
          } else {
            general(pa, a.shape, pb, b.shape, out, outputShape, f)
          }
        }
      }
    }
  }

  /// Whether `shape` (after dropping leading 1s) equals the trailing axes of `target`.
  static func isTrailingBlock(_ shape: [Int], of target: [Int]) -> Bool {
    var trimmed = shape[...]
    while let first = trimmed.first, first == 1 { trimmed = trimmed.dropFirst() }
    guard trimmed.count <= target.count else { return false }
    return Array(trimmed) == Array(target.suffix(trimmed.count))
  }

  @inline(__always)
  static func general(
    _ pa: UnsafeBufferPointer<Float>, _ shapeA: [Int], _ pb: UnsafeBufferPointer<Float>,
    _ shapeB: [Int], _ out: UnsafeMutableBufferPointer<Float>, _ shape: [Int],
    _ f: (Float, Float) -> Float
  ) {
    let rank = shape.count
    let sa = strides(of: shapeA, broadcastTo: shape)
    let sb = strides(of: shapeB, broadcastTo: shape)
    let inner = shape[rank - 1]
    let innerA = sa[rank - 1]
    let innerB = sb[rank - 1]
    var index = [Int](repeating: 0, count: rank)
    var offsetA = 0
    var offsetB = 0
    var position = 0
    let count = out.count
    while position < count {
      for j in 0..<inner {
        out[position + j] = f(pa[offsetA + j * innerA], pb[offsetB + j * innerB])
      }
      position += inner
      // Advance the multi-index over the outer axes.
      var axis = rank - 2
      while axis >= 0 {
        index[axis] += 1
        offsetA += sa[axis]
        offsetB += sb[axis]
        if index[axis] < shape[axis] { break }
        offsetA -= sa[axis] * shape[axis]
        offsetB -= sb[axis] * shape[axis]
        index[axis] = 0
        axis -= 1
      }
    }
  }
}
