// Reductions over all elements and along an axis.

extension Tensor {
  /// (outer, extent, inner) for a reduction along `axis`.
  func reductionLayout(_ axis: Int) -> (axis: Int, outer: Int, extent: Int, inner: Int) {
    let a = axis < 0 ? axis + rank : axis
    precondition(a >= 0 && a < rank, "axis \(axis) out of range for shape \(shape)")
    return (a, shape[..<a].reduce(1, *), shape[a], shape[(a + 1)...].reduce(1, *))
  }

  func reducedShape(_ axis: Int, keepingDimensions: Bool) -> [Int] {
    var s = shape
    if keepingDimensions { s[axis] = 1 } else { s.remove(at: axis) }
    return s
  }

  /// Sum of all elements (a scalar), accumulated in Double.
  public func sum() -> Tensor {
    var total: Double = 0
    for v in scalars { total += Double(v) }
    let original = shape
    return Tensor.result("sum", shape: [], scalars: [Float(total)], inputs: [self]) { _, g in
      [g.expanded(to: original)]
    }
  }

  /// Mean of all elements.
  public func mean() -> Tensor { sum() * (1 / Float(Swift.max(count, 1))) }

  /// Sum along `axis`.
  public func sum(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
    let (a, outer, extent, inner) = reductionLayout(axis)
    var out = [Float](repeating: 0, count: outer * inner)
    scalars.withUnsafeBufferPointer { x in
      out.withUnsafeMutableBufferPointer { o in
        for i in 0..<outer {
          if inner == 1 {
            var s: Double = 0
            let base = i * extent
            for k in 0..<extent { s += Double(x[base + k]) }
            o[i] = Float(s)
          } else {
            for k in 0..<extent {
              let base = (i * extent + k) * inner
              for j in 0..<inner { o[i * inner + j] += x[base + j] }
            }
          }
        }
      }
    }
    let kept = reducedShape(a, keepingDimensions: true)
    let original = shape
    return Tensor.result(
      "sumAlongAxis", shape: reducedShape(a, keepingDimensions: keepingDimensions), scalars: out,
      inputs: [self]
    ) { _, g in
      [g.reshaped(kept).expanded(to: original)]
    }
  }

  /// Mean along `axis`.
  public func mean(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
    let extent = shape[axis < 0 ? axis + rank : axis]
    return sum(alongAxis: axis, keepingDimensions: keepingDimensions) * (1 / Float(extent))
  }

  /// Index of the largest element along `axis` (first on ties), in row-major order of the
  /// remaining axes. NaN counts as larger than everything (PyTorch's rule): a slice holding NaN
  /// gives the index of its first NaN.
  public func argmax(alongAxis axis: Int) -> [Int] { argExtreme(axis, >) }

  /// Index of the smallest element along `axis` (first on ties); a slice holding NaN gives the
  /// index of its first NaN.
  public func argmin(alongAxis axis: Int) -> [Int] { argExtreme(axis, <) }

  func argExtreme(_ axis: Int, _ better: (Float, Float) -> Bool) -> [Int] {
    let (_, outer, extent, inner) = reductionLayout(axis)
    precondition(extent > 0, "argmax/argmin over an empty axis")
    var out = [Int](repeating: 0, count: outer * inner)
    for i in 0..<outer {
      for j in 0..<inner {
        var best = scalars[i * extent * inner + j]
        var bestIndex = 0
        var k = 1
        while k < extent && !best.isNaN {
          let v = scalars[(i * extent + k) * inner + j]
          if better(v, best) || v.isNaN {
            best = v
            bestIndex = k
          }
          k += 1
        }
        out[i * inner + j] = bestIndex
      }
    }
    return out
  }

  /// Largest element along `axis`; NaN if the slice holds NaN (PyTorch's rule). The gradient goes
  /// to the first maximal entry (the first NaN if any); PyTorch's `amax` splits ties evenly.
  public func max(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
    extreme(axis, keepingDimensions, argmax(alongAxis: axis), "max")
  }

  /// Smallest element along `axis`; NaN if the slice holds NaN. The gradient goes to the first
  /// minimal entry (the first NaN if any).
  public func min(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
    extreme(axis, keepingDimensions, argmin(alongAxis: axis), "min")
  }

  func extreme(_ axis: Int, _ keep: Bool, _ indices: [Int], _ name: String) -> Tensor {
    let (a, outer, extent, inner) = reductionLayout(axis)
    var out = [Float](repeating: 0, count: outer * inner)
    var oneHot = [Float](repeating: 0, count: count)
    for i in 0..<outer {
      for j in 0..<inner {
        let position = (i * extent + indices[i * inner + j]) * inner + j
        out[i * inner + j] = scalars[position]
        oneHot[position] = 1
      }
    }
    let mask = Tensor(shape: shape, scalars: oneHot)
    let kept = reducedShape(a, keepingDimensions: true)
    let original = shape
    return Tensor.result(name, shape: reducedShape(a, keepingDimensions: keep), scalars: out, inputs: [self]) {
      _, g in [g.reshaped(kept).expanded(to: original) * mask]
    }
  }

  /// Largest element (a scalar).
  public func max() -> Tensor { reshaped([-1]).max(alongAxis: 0) }
  /// Smallest element (a scalar).
  public func min() -> Tensor { reshaped([-1]).min(alongAxis: 0) }

  /// log Σ exp(x) along `axis`, computed stably: m + log Σ exp(x − m), m = max x (treated as
  /// a constant, which leaves value and gradient unchanged).
  public func logSumExp(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
    let m = max(alongAxis: axis, keepingDimensions: true).detached
    let safe = Tensor(shape: m.shape, scalars: m.scalars.map { $0.isFinite ? $0 : 0 })
    let s = (self - safe).exp().sum(alongAxis: axis, keepingDimensions: true).log() + safe
    return keepingDimensions ? s : s.squeezed(at: axis < 0 ? axis + rank : axis)
  }

  /// log Σ exp(x) over all elements.
  public func logSumExp() -> Tensor { reshaped([-1]).logSumExp(alongAxis: 0) }

  /// log softmax along `axis`: x − logΣexp(x).
  public func logSoftmax(alongAxis axis: Int) -> Tensor {
    self - logSumExp(alongAxis: axis, keepingDimensions: true)
  }

  /// softmax along `axis`.
  public func softmax(alongAxis axis: Int) -> Tensor { logSoftmax(alongAxis: axis).exp() }

  /// Variance along `axis` (population by default; `unbiased` divides by n − 1).
  public func variance(alongAxis axis: Int, keepingDimensions: Bool = false, unbiased: Bool = false) -> Tensor {
    let n = shape[axis < 0 ? axis + rank : axis]
    let centred = self - mean(alongAxis: axis, keepingDimensions: true)
    let ss = centred.squared().sum(alongAxis: axis, keepingDimensions: keepingDimensions)
    return ss * (1 / Float(unbiased ? n - 1 : n))
  }

  /// Variance of all elements.
  public func variance(unbiased: Bool = false) -> Tensor {
    reshaped([-1]).variance(alongAxis: 0, unbiased: unbiased)
  }
}
