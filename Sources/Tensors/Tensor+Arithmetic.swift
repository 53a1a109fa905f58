// Elementwise arithmetic with NumPy-style broadcasting, and the gradient rule of each op.

extension Tensor {
  // Inlined so that `f` (+, −, ×, ÷) is inlined into the loops of `Broadcasting.apply` rather
  // than called per element.
  /// `f` applied to broadcast pairs, with the broadcast shape checked.
  @inline(__always)
  static func broadcastResult(
    _ operation: String, _ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float,
    pullback: @escaping GraphNode.Pullback
  ) -> Tensor {
    guard let shape = Broadcasting.shape(a.shape, b.shape) else {
      preconditionFailure("\(operation): shapes \(a.shape) and \(b.shape) do not broadcast")
    }
    let values = Broadcasting.apply(a, b, outputShape: shape, f)
    return result(operation, shape: shape, scalars: values, inputs: [a, b], pullback: pullback)
  }

  /// Elementwise sum, broadcasting.
  public static func + (a: Tensor, b: Tensor) -> Tensor {
    broadcastResult("add", a, b, +) { _, g in
      [g.summed(toShape: a.shape), g.summed(toShape: b.shape)]
    }
  }

  /// Elementwise difference, broadcasting.
  public static func - (a: Tensor, b: Tensor) -> Tensor {
    broadcastResult("subtract", a, b, -) { _, g in
      [g.summed(toShape: a.shape), (-g).summed(toShape: b.shape)]
    }
  }

  /// Elementwise product, broadcasting.
  public static func * (a: Tensor, b: Tensor) -> Tensor {
    broadcastResult("multiply", a, b, *) { _, g in
      [(g * b).summed(toShape: a.shape), (g * a).summed(toShape: b.shape)]
    }
  }

  /// Elementwise quotient, broadcasting.
  public static func / (a: Tensor, b: Tensor) -> Tensor {
    broadcastResult("divide", a, b, /) { y, g in
      [(g / b).summed(toShape: a.shape), (-(g * y) / b).summed(toShape: b.shape)]
    }
  }

  /// Elementwise negation.
  public static prefix func - (a: Tensor) -> Tensor {
    let values = a.scalars.map { -$0 }
    return result("negate", shape: a.shape, scalars: values, inputs: [a]) { _, g in [-g] }
  }

  public static func + (a: Tensor, b: Float) -> Tensor { a.mapScalars("addScalar", { $0 + b }) { _, g in [g] } }
  public static func + (a: Float, b: Tensor) -> Tensor { b + a }
  public static func - (a: Tensor, b: Float) -> Tensor { a + (-b) }
  public static func - (a: Float, b: Tensor) -> Tensor { (-b) + a }
  public static func * (a: Tensor, b: Float) -> Tensor {
    a.mapScalars("multiplyScalar", { $0 * b }) { _, g in [g * b] }
  }
  public static func * (a: Float, b: Tensor) -> Tensor { b * a }
  public static func / (a: Tensor, b: Float) -> Tensor { a * (1 / b) }
  public static func / (a: Float, b: Tensor) -> Tensor { Tensor(a) / b }

  public static func += (a: inout Tensor, b: Tensor) { a = a + b }
  public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
  public static func *= (a: inout Tensor, b: Tensor) { a = a * b }

  /// Elementwise maximum, broadcasting. NaN in either argument gives NaN, whatever the order
  /// (IEEE `maximum` and PyTorch's `torch.maximum`).
  ///
  /// Gradient: to `a` where `a >= b` or `a` is NaN, otherwise to `b` (so at ties all of it goes
  /// to `a`; PyTorch splits ties half and half).
  public static func maximum(_ a: Tensor, _ b: Tensor) -> Tensor {
    guard let shape = Broadcasting.shape(a.shape, b.shape) else {
      preconditionFailure("maximum: shapes \(a.shape) and \(b.shape) do not broadcast")
    }
    let mask = Tensor(
      shape: shape, scalars: Broadcasting.apply(a, b, outputShape: shape) { $0 >= $1 || $0.isNaN ? 1 : 0 })
    return Tensor.where(mask, a, b)
  }

  /// Elementwise minimum, broadcasting. NaN in either argument gives NaN, whatever the order.
  ///
  /// Gradient: to `a` where `a <= b` or `a` is NaN, otherwise to `b` (ties: all to `a`).
  public static func minimum(_ a: Tensor, _ b: Tensor) -> Tensor {
    guard let shape = Broadcasting.shape(a.shape, b.shape) else {
      preconditionFailure("minimum: shapes \(a.shape) and \(b.shape) do not broadcast")
    }
    let mask = Tensor(
      shape: shape, scalars: Broadcasting.apply(a, b, outputShape: shape) { $0 <= $1 || $0.isNaN ? 1 : 0 })
    return Tensor.where(mask, a, b)
  }

  /// `mask ? a : b` elementwise (mask nonzero selects `a`), broadcasting all three.
  /// The mask is a constant: gradients flow to `a` and `b` only.
  public static func `where`(_ mask: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
    guard let ab = Broadcasting.shape(a.shape, b.shape), let shape = Broadcasting.shape(ab, mask.shape) else {
      preconditionFailure("where: shapes \(mask.shape), \(a.shape), \(b.shape) do not broadcast")
    }
    let m = mask.shape == shape ? mask : mask.detached.expanded(to: shape)
    let ea = a.shape == shape ? a.detached : a.detached.expanded(to: shape)
    let eb = b.shape == shape ? b.detached : b.detached.expanded(to: shape)
    var values = [Float](repeating: 0, count: shape.reduce(1, *))
    for i in values.indices { values[i] = m.scalars[i] != 0 ? ea.scalars[i] : eb.scalars[i] }
    let constantMask = mask.detached
    return result("where", shape: shape, scalars: values, inputs: [a, b]) { _, g in
      let zero = Tensor(0)
      return [
        Tensor.where(constantMask, g, zero).summed(toShape: a.shape),
        Tensor.where(constantMask, zero, g).summed(toShape: b.shape),
      ]
    }
  }

  /// `f` applied to every element, recorded with the given pullback.
  @inline(__always)
  func mapScalars(
    _ operation: String, _ f: (Float) -> Float, pullback: @escaping GraphNode.Pullback
  ) -> Tensor {
    let n = count
    let values = [Float](unsafeUninitializedCapacity: n) { out, initialized in
      scalars.withUnsafeBufferPointer { x in
        for i in 0..<n { out[i] = f(x[i]) }
      }
      initialized = n
    }
    return Tensor.result(operation, shape: shape, scalars: values, inputs: [self], pullback: pullback)
  }
}

// MARK: - Comparisons (constant 0/1 masks)

extension Tensor {
  static func compare(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Bool) -> Tensor {
    guard let shape = Broadcasting.shape(a.shape, b.shape) else {
      preconditionFailure("comparison: shapes \(a.shape) and \(b.shape) do not broadcast")
    }
    return Tensor(shape: shape, scalars: Broadcasting.apply(a, b, outputShape: shape) { f($0, $1) ? 1 : 0 })
  }

  /// 1 where `a > b`, else 0 (a constant mask).
  public static func .> (a: Tensor, b: Tensor) -> Tensor { compare(a, b, >) }
  /// 1 where `a < b`, else 0.
  public static func .< (a: Tensor, b: Tensor) -> Tensor { compare(a, b, <) }
  /// 1 where `a >= b`, else 0.
  public static func .>= (a: Tensor, b: Tensor) -> Tensor { compare(a, b, >=) }
  /// 1 where `a <= b`, else 0.
  public static func .<= (a: Tensor, b: Tensor) -> Tensor { compare(a, b, <=) }
  /// 1 where `a == b`, else 0.
  public static func .== (a: Tensor, b: Tensor) -> Tensor { compare(a, b, ==) }
  /// 1 where `a > b`, else 0.
  public static func .> (a: Tensor, b: Float) -> Tensor { compare(a, Tensor(b), >) }
  /// 1 where `a < b`, else 0.
  public static func .< (a: Tensor, b: Float) -> Tensor { compare(a, Tensor(b), <) }
}
