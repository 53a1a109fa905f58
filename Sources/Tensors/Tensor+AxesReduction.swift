import Foundation

// Reductions over several axes at once, standard deviation and vector norms. All are composed of
// differentiable ops (any order); NaN propagates.

extension Tensor {
  /// The distinct axes of `axes` (negative ones count from the end), ascending.
  func normalizedAxes(_ axes: [Int]) -> [Int] {
    let resolved = axes.map { $0 < 0 ? $0 + rank : $0 }
    precondition(
      resolved.allSatisfy { $0 >= 0 && $0 < rank }, "axes \(axes) out of range for shape \(shape)")
    precondition(Set(resolved).count == resolved.count, "axes \(axes) name an axis twice")
    return resolved.sorted()
  }

  /// The shape after reducing `axes` (normalized).
  func reducedShape(axes: [Int], keepingDimensions: Bool) -> [Int] {
    keepingDimensions
      ? shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
      : shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
  }

  /// Sum over every axis in `axes` (PyTorch's `sum(dim=(...))`).
  public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    let resolved = normalizedAxes(axes)
    var result = self
    for axis in resolved { result = result.sum(alongAxis: axis, keepingDimensions: true) }
    return result.reshaped(reducedShape(axes: resolved, keepingDimensions: keepingDimensions))
  }

  /// Mean over every axis in `axes`.
  public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    let resolved = normalizedAxes(axes)
    let count = resolved.reduce(1) { $0 * shape[$1] }
    return sum(alongAxes: resolved, keepingDimensions: keepingDimensions) * (1 / Float(count))
  }

  /// Largest element over every axis in `axes`; NaN where a slice holds NaN.
  public func max(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    let resolved = normalizedAxes(axes)
    var result = self
    for axis in resolved { result = result.max(alongAxis: axis, keepingDimensions: true) }
    return result.reshaped(reducedShape(axes: resolved, keepingDimensions: keepingDimensions))
  }

  /// Variance over every axis in `axes`: Σ(x − mean)² / (n − 1) when `unbiased`, / n otherwise,
  /// n the number of elements reduced.
  public func variance(alongAxes axes: [Int], keepingDimensions: Bool = false, unbiased: Bool = false) -> Tensor {
    let resolved = normalizedAxes(axes)
    let count = resolved.reduce(1) { $0 * shape[$1] }
    let centred = self - mean(alongAxes: resolved, keepingDimensions: true)
    return centred.squared().sum(alongAxes: resolved, keepingDimensions: keepingDimensions)
      * (1 / Float(unbiased ? count - 1 : count))
  }

  /// Standard deviation along `axis`, the square root of ``variance(alongAxis:keepingDimensions:unbiased:)``.
  ///
  /// `unbiased: true` divides by n − 1 (PyTorch's `torch.std` default), `false` by n (NumPy's
  /// default). The gradient where the deviation is 0 (a constant slice) is 0, as PyTorch's.
  public func standardDeviation(alongAxis axis: Int, keepingDimensions: Bool = false, unbiased: Bool) -> Tensor {
    variance(alongAxis: axis, keepingDimensions: keepingDimensions, unbiased: unbiased).safeRoot(2)
  }

  /// Standard deviation over every axis in `axes` (see ``standardDeviation(alongAxis:keepingDimensions:unbiased:)``).
  public func standardDeviation(alongAxes axes: [Int], keepingDimensions: Bool = false, unbiased: Bool) -> Tensor {
    variance(alongAxes: axes, keepingDimensions: keepingDimensions, unbiased: unbiased).safeRoot(2)
  }

  /// Standard deviation of all elements.
  public func standardDeviation(unbiased: Bool) -> Tensor {
    variance(unbiased: unbiased).safeRoot(2)
  }

  /// The p-norm (Σ|x|ᵖ)^{1/p} over `axes` (all axes when `nil`), PyTorch's `linalg.vector_norm`.
  ///
  /// `p` is 1, 2, any finite p ≥ 1, or `.infinity` (max |x|). Gradients:
  /// ```
  /// ∂‖x‖₁/∂x = sign(x)  (0 at x = 0),   ∂‖x‖_p/∂x = sign(x) |x|^{p−1} / ‖x‖_p^{p−1}
  /// ```
  /// and 0 at x = 0 where the norm is not differentiable: a safe subgradient (PyTorch's choice),
  /// never NaN. The ∞-norm's gradient goes to the first largest |x|.
  public func norm(_ p: Float = 2, alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
    precondition(p >= 1, "norm: p = \(p) must be at least 1 (or .infinity)")
    let resolved = normalizedAxes(axes ?? Array(0..<rank))
    if p == .infinity { return abs().max(alongAxes: resolved, keepingDimensions: keepingDimensions) }
    if p == 1 { return abs().sum(alongAxes: resolved, keepingDimensions: keepingDimensions) }
    let powers = p == 2 ? squared() : abs().pow(p)
    return powers.sum(alongAxes: resolved, keepingDimensions: keepingDimensions).safeRoot(p)
  }

  /// s^{1/p} for s ≥ 0 with the gradient (1/p)·s^{1/p}/s where s > 0 and 0 where s = 0 (instead
  /// of ∞, which times the zero inner gradient would make NaN).
  func safeRoot(_ p: Float) -> Tensor {
    let exponent = 1 / p
    return mapScalars("root", { p == 2 ? $0.squareRoot() : Foundation.pow($0, exponent) }) { y, g in
      let zero = self.detached.mapScalars("isZero", { $0 == 0 ? 1 : 0 }) { _, _ in [nil] }
      let safe = Tensor.where(zero, Tensor(1), self)
      return [Tensor.where(zero, Tensor(0), g * y / (safe * p))]
    }
  }
}
