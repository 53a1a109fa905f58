// Shape operations: reshape, broadcast, transpose, concatenation, slicing, gathering.

extension Tensor {
  /// The same elements with a new shape; one extent may be -1 (inferred).
  public func reshaped(_ newShape: [Int]) -> Tensor {
    var resolved = newShape
    if let inferred = newShape.firstIndex(of: -1) {
      let known = newShape.enumerated().filter { $0.offset != inferred }.map(\.element).reduce(1, *)
      precondition(known > 0 && count % known == 0, "reshape \(shape) to \(newShape): sizes do not divide")
      resolved[inferred] = count / known
    }
    precondition(
      resolved.reduce(1, *) == count, "reshape \(shape) (\(count) elements) to \(newShape) is impossible")
    if resolved == shape { return self }
    let original = shape
    return Tensor.result("reshape", shape: resolved, scalars: scalars, inputs: [self]) { _, g in
      [g.reshaped(original)]
    }
  }

  /// Broadcasts to `target` (NumPy rules), materialising the copies.
  public func expanded(to target: [Int]) -> Tensor {
    if target == shape { return self }
    precondition(
      Broadcasting.shape(shape, target) == target, "cannot expand shape \(shape) to \(target)")
    let zero = Tensor(shape: [], scalars: [0])
    let values = Broadcasting.apply(self.detached, zero, outputShape: target) { a, _ in a }
    let original = shape
    return Tensor.result("expand", shape: target, scalars: values, inputs: [self]) { _, g in
      [g.summed(toShape: original)]
    }
  }

  /// Sums over the axes along which `target` was broadcast to this shape (the adjoint of
  /// ``expanded(to:)``): the gradient rule of every broadcasting op.
  public func summed(toShape target: [Int]) -> Tensor {
    if target == shape { return self }
    precondition(
      Broadcasting.shape(target, shape) == shape, "cannot sum shape \(shape) down to \(target)")
    let outCount = target.reduce(1, *)
    var out = [Float](repeating: 0, count: outCount)
    let rank = shape.count
    let strides = Broadcasting.strides(of: target, broadcastTo: shape)
    scalars.withUnsafeBufferPointer { x in
      out.withUnsafeMutableBufferPointer { o in
        if outCount == 1 {
          var total: Double = 0
          for v in x { total += Double(v) }
          o[0] = Float(total)
          return
        }
        let inner = shape[rank - 1]
        let innerStride = strides[rank - 1]
        var index = [Int](repeating: 0, count: rank)
        var offset = 0
        var position = 0
        while position < x.count {
          if innerStride == 0 {
            var s: Float = 0
            for j in 0..<inner { s += x[position + j] }
            o[offset] += s
          } else {
            for j in 0..<inner { o[offset + j] += x[position + j] }
          }
          position += inner
          var axis = rank - 2
          while axis >= 0 {
            index[axis] += 1
            offset += strides[axis]
            if index[axis] < shape[axis] { break }
            offset -= strides[axis] * shape[axis]
            index[axis] = 0
            axis -= 1
          }
        }
      }
    }
    let original = shape
    return Tensor.result("sumToShape", shape: target, scalars: out, inputs: [self]) { _, g in
      [g.expanded(to: original)]
    }
  }

  /// Inserts an axis of extent 1 at `axis`.
  public func unsqueezed(at axis: Int) -> Tensor {
    var s = shape
    s.insert(1, at: axis < 0 ? axis + rank + 1 : axis)
    return reshaped(s)
  }

  /// Removes an axis of extent 1.
  public func squeezed(at axis: Int) -> Tensor {
    let a = axis < 0 ? axis + rank : axis
    precondition(shape[a] == 1, "squeezed(at: \(axis)) needs extent 1, shape is \(shape)")
    var s = shape
    s.remove(at: a)
    return reshaped(s)
  }

  /// Reorders the axes: result axis i is input axis `axes[i]`.
  public func permuted(_ axes: [Int]) -> Tensor {
    precondition(axes.sorted() == Array(0..<rank), "permuted(\(axes)) is not a permutation of 0..<\(rank)")
    if axes == Array(0..<rank) { return self }
    let newShape = axes.map { shape[$0] }
    var inStrides = [Int](repeating: 1, count: rank)
    for a in stride(from: rank - 2, through: 0, by: -1) { inStrides[a] = inStrides[a + 1] * shape[a + 1] }
    let permutedStrides = axes.map { inStrides[$0] }
    var out = [Float](repeating: 0, count: count)
    if count > 0 {
      scalars.withUnsafeBufferPointer { x in
        out.withUnsafeMutableBufferPointer { o in
          var index = [Int](repeating: 0, count: rank)
          var offset = 0
          for position in 0..<o.count {
            o[position] = x[offset]
            var axis = rank - 1
            while axis >= 0 {
              index[axis] += 1
              offset += permutedStrides[axis]
              if index[axis] < newShape[axis] { break }
              offset -= permutedStrides[axis] * newShape[axis]
              index[axis] = 0
              axis -= 1
            }
          }
        }
      }
    }
    var inversePermutation = [Int](repeating: 0, count: rank)
    for (i, a) in axes.enumerated() { inversePermutation[a] = i }
    let inverse = inversePermutation
    return Tensor.result("permute", shape: newShape, scalars: out, inputs: [self]) { _, g in
      [g.permuted(inverse)]
    }
  }

  /// Swaps the last two axes (the matrix transpose of a rank-2 tensor).
  public func transposed() -> Tensor {
    precondition(rank >= 2, "transposed() needs rank >= 2, shape is \(shape)")
    var axes = Array(0..<rank)
    axes.swapAt(rank - 1, rank - 2)
    return permuted(axes)
  }

  /// Concatenates tensors along `axis`; all other extents must agree.
  public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
    precondition(!tensors.isEmpty, "concatenate needs at least one tensor")
    let first = tensors[0]
    let a = axis < 0 ? axis + first.rank : axis
    for t in tensors {
      precondition(
        t.rank == first.rank && (0..<first.rank).allSatisfy { $0 == a || t.shape[$0] == first.shape[$0] },
        "concatenate along axis \(axis): shape \(t.shape) does not match \(first.shape)")
    }
    let outer = first.shape[..<a].reduce(1, *)
    let inner = first.shape[(a + 1)...].reduce(1, *)
    let extents = tensors.map { $0.shape[a] }
    let total = extents.reduce(0, +)
    var newShape = first.shape
    newShape[a] = total
    var out = [Float]()
    out.reserveCapacity(outer * total * inner)
    for o in 0..<outer {
      for t in tensors {
        let block = t.shape[a] * inner
        out.append(contentsOf: t.scalars[(o * block)..<((o + 1) * block)])
      }
    }
    return result("concatenate", shape: newShape, scalars: out, inputs: tensors) { _, g in
      var start = 0
      return extents.map { extent in
        defer { start += extent }
        return g.slice(alongAxis: a, start..<(start + extent))
      }
    }
  }

  /// Stacks equally shaped tensors along a new axis.
  public static func stack(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
    concatenate(tensors.map { $0.unsqueezed(at: axis) }, alongAxis: axis)
  }

  /// The elements whose index along `axis` lies in `range`.
  public func slice(alongAxis axis: Int, _ range: Range<Int>) -> Tensor {
    let a = axis < 0 ? axis + rank : axis
    precondition(
      range.lowerBound >= 0 && range.upperBound <= shape[a],
      "slice \(range) out of bounds for axis \(a) of shape \(shape)")
    if range == 0..<shape[a] { return self }
    let outer = shape[..<a].reduce(1, *)
    let inner = shape[(a + 1)...].reduce(1, *)
    var newShape = shape
    newShape[a] = range.count
    var out = [Float]()
    out.reserveCapacity(outer * range.count * inner)
    for o in 0..<outer {
      let base = (o * shape[a] + range.lowerBound) * inner
      out.append(contentsOf: scalars[base..<(base + range.count * inner)])
    }
    let extent = shape[a]
    return Tensor.result("slice", shape: newShape, scalars: out, inputs: [self]) { _, g in
      [g.padded(alongAxis: a, before: range.lowerBound, toExtent: extent)]
    }
  }

  /// Zero-pads along `axis` so that this tensor occupies `before..<before+extent` of a new axis
  /// of extent `total` (the adjoint of ``slice(alongAxis:_:)``).
  public func padded(alongAxis axis: Int, before: Int, toExtent total: Int) -> Tensor {
    let a = axis < 0 ? axis + rank : axis
    precondition(before >= 0 && before + shape[a] <= total, "padded: \(shape[a]) + \(before) exceeds \(total)")
    let outer = shape[..<a].reduce(1, *)
    let inner = shape[(a + 1)...].reduce(1, *)
    var newShape = shape
    newShape[a] = total
    var out = [Float](repeating: 0, count: outer * total * inner)
    let block = shape[a] * inner
    for o in 0..<outer {
      let dst = (o * total + before) * inner
      for j in 0..<block { out[dst + j] = scalars[o * block + j] }
    }
    let range = before..<(before + shape[a])
    return Tensor.result("pad", shape: newShape, scalars: out, inputs: [self]) { _, g in
      [g.slice(alongAxis: a, range)]
    }
  }

  /// Selects the entries `indices` along `axis` (repeats allowed).
  public func indexSelect(_ indices: [Int], alongAxis axis: Int = 0) -> Tensor {
    let a = axis < 0 ? axis + rank : axis
    let extent = shape[a]
    precondition(indices.allSatisfy { $0 >= 0 && $0 < extent }, "indexSelect: an index is outside 0..<\(extent)")
    let outer = shape[..<a].reduce(1, *)
    let inner = shape[(a + 1)...].reduce(1, *)
    var newShape = shape
    newShape[a] = indices.count
    var out = [Float]()
    out.reserveCapacity(outer * indices.count * inner)
    for o in 0..<outer {
      for i in indices {
        let base = (o * extent + i) * inner
        out.append(contentsOf: scalars[base..<(base + inner)])
      }
    }
    return Tensor.result("indexSelect", shape: newShape, scalars: out, inputs: [self]) { _, g in
      [g.indexAdd(indices, alongAxis: a, extent: extent)]
    }
  }

  /// Scatter-add: a tensor with extent `extent` along `axis`, zero except that slice
  /// `indices[j]` receives the sum of this tensor's slices j (the adjoint of ``indexSelect``).
  public func indexAdd(_ indices: [Int], alongAxis axis: Int, extent: Int) -> Tensor {
    let a = axis < 0 ? axis + rank : axis
    precondition(shape[a] == indices.count, "indexAdd: \(indices.count) indices for extent \(shape[a])")
    let outer = shape[..<a].reduce(1, *)
    let inner = shape[(a + 1)...].reduce(1, *)
    var newShape = shape
    newShape[a] = extent
    var out = [Float](repeating: 0, count: outer * extent * inner)
    for o in 0..<outer {
      for (j, i) in indices.enumerated() {
        let src = (o * indices.count + j) * inner
        let dst = (o * extent + i) * inner
        for k in 0..<inner { out[dst + k] += scalars[src + k] }
      }
    }
    return Tensor.result("indexAdd", shape: newShape, scalars: out, inputs: [self]) { _, g in
      [g.indexSelect(indices, alongAxis: a)]
    }
  }

  /// For a `[n, k]` tensor, the `n` elements `self[i, columns[i]]` (picks one entry per row,
  /// e.g. the logit of each example's label).
  public func gather(columns: [Int]) -> Tensor {
    precondition(rank == 2 && columns.count == shape[0], "gather(columns:) needs [n, k] and n columns; shape \(shape)")
    let k = shape[1]
    let flat = columns.enumerated().map { $0.offset * k + $0.element }
    precondition(columns.allSatisfy { $0 >= 0 && $0 < k }, "gather(columns:): a column is outside 0..<\(k)")
    return reshaped([-1]).indexSelect(flat)
  }
}
