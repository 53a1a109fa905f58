import Foundation

// Elementwise math and the gradient rule of each op. Rules are written with tensor ops, so
// that with `createGraph: true` the backward pass is itself differentiable.

extension Tensor {
  /// Applies a vectorised kernel `(x, y, n)` to every element.
  func mapKernel(
    _ operation: String, _ kernel: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void,
    pullback: @escaping GraphNode.Pullback
  ) -> Tensor {
    let n = count
    let values = [Float](unsafeUninitializedCapacity: n) { out, initialized in
      if n > 0 {
        scalars.withUnsafeBufferPointer { x in kernel(x.baseAddress!, out.baseAddress!, n) }
      }
      initialized = n
    }
    return Tensor.result(operation, shape: shape, scalars: values, inputs: [self], pullback: pullback)
  }

  /// eˣ elementwise.
  public func exp() -> Tensor {
    mapKernel("exp", { VectorMath.exp($0, $1, count: $2) }) { y, g in [g * y] }
  }

  /// Natural logarithm elementwise.
  public func log() -> Tensor {
    mapKernel("log", { VectorMath.log($0, $1, count: $2) }) { _, g in [g / self] }
  }

  /// log(1 + x) elementwise, accurate for small x.
  public func log1p() -> Tensor {
    mapKernel("log1p", { VectorMath.log1p($0, $1, count: $2) }) { _, g in [g / (self + 1)] }
  }

  /// Hyperbolic tangent elementwise; d tanh = 1 − tanh².
  public func tanh() -> Tensor {
    mapKernel("tanh", { VectorMath.tanh($0, $1, count: $2) }) { y, g in [g - g * y * y] }
  }

  /// Logistic sigmoid 1 / (1 + e⁻ˣ) elementwise; dσ = σ(1 − σ).
  public func sigmoid() -> Tensor {
    mapKernel("sigmoid", { VectorMath.sigmoid($0, $1, count: $2) }) { y, g in [g * (y - y * y)] }
  }

  /// softplus(x) = log(1 + eˣ), computed stably; d softplus = σ(x).
  public func softplus() -> Tensor {
    mapKernel("softplus", { VectorMath.softplus($0, $1, count: $2) }) { _, g in [g * self.sigmoid()] }
  }

  /// max(x, 0) elementwise; NaN stays NaN (as in IEEE arithmetic and PyTorch).
  ///
  /// Gradient: 1 where x > 0, 0 where x ≤ 0 (so 0 at the kink x = 0), and the incoming gradient
  /// passes unchanged where x is NaN (PyTorch's `threshold_backward` rule).
  public func relu() -> Tensor {
    mapScalars("relu", { $0.isNaN || $0 > 0 ? $0 : 0 }) { _, g in
      [g * self.detached.mapScalars("reluMask", { $0.isNaN || $0 > 0 ? 1 : 0 }) { _, _ in [nil] }]
    }
  }

  /// SiLU / swish: x · σ(x).
  public func silu() -> Tensor { self * sigmoid() }

  /// Sine elementwise.
  public func sin() -> Tensor {
    mapScalars("sin", { Foundation.sin($0) }) { _, g in [g * self.cos()] }
  }

  /// Cosine elementwise.
  public func cos() -> Tensor {
    mapScalars("cos", { Foundation.cos($0) }) { _, g in [-(g * self.sin())] }
  }

  /// Square root elementwise.
  public func sqrt() -> Tensor {
    mapScalars("sqrt", { $0.squareRoot() }) { y, g in [g / (y * 2)] }
  }

  /// x² elementwise.
  public func squared() -> Tensor {
    mapScalars("square", { $0 * $0 }) { _, g in [g * self * 2] }
  }

  /// xᵖ elementwise for a constant exponent.
  public func pow(_ exponent: Float) -> Tensor {
    if exponent == 2 { return squared() }
    if exponent == 1 { return self }
    return mapScalars("pow", { Foundation.pow($0, exponent) }) { _, g in
      [g * self.pow(exponent - 1) * exponent]
    }
  }

  /// |x| elementwise; the gradient is sign(x): 0 at 0 and NaN at NaN (as PyTorch's `sgn`).
  public func abs() -> Tensor {
    mapScalars("abs", { Swift.abs($0) }) { _, g in
      [g * self.detached.mapScalars("sign", { $0 > 0 ? 1 : ($0 < 0 ? -1 : ($0 == 0 ? 0 : .nan)) }) { _, _ in [nil] }]
    }
  }

  /// Clamps every element into `[low, high]`; NaN stays NaN.
  ///
  /// Gradient: 1 inside `[low, high]` (bounds included, as in PyTorch), 0 outside, and the
  /// incoming gradient passes unchanged where x is NaN.
  public func clamped(min low: Float = -.infinity, max high: Float = .infinity) -> Tensor {
    precondition(low <= high, "clamped(min: \(low), max: \(high)) needs min <= max")
    return mapScalars("clamp", { $0.isNaN ? $0 : Swift.min(Swift.max($0, low), high) }) { _, g in
      [g * self.detached.mapScalars("inside", { $0.isNaN || ($0 >= low && $0 <= high) ? 1 : 0 }) { _, _ in [nil] }]
    }
  }
}
