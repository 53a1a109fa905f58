/// Rescales gradients so that their joint Euclidean norm is at most `maxNorm`, with the
/// semantics of PyTorch's `torch.nn.utils.clip_grad_norm_` (`norm_type = 2`).
///
/// ```
/// ‖g‖ = √(Σ over all tensors and elements of gᵢ²)
/// s = maxNorm / (‖g‖ + 10⁻⁶);   if s < 1: g ← s · g
/// ```
///
/// The norm is accumulated in `Double`, over names in sorted order, so it is deterministic.
/// As in PyTorch, a NaN norm leaves the gradients unchanged and an infinite norm scales them
/// by 0 (infinite elements become NaN); check the returned norm to skip such steps.
///
/// ```swift
/// let norm = clipGradientNorm(&gradients, maxNorm: 1)
/// optimizer.update(&parameters, along: gradients)
/// ```
///
/// - Parameters:
///   - gradients: The gradients, rescaled in place.
///   - maxNorm: The largest allowed joint norm, finite and ≥ 0.
/// - Returns: The joint norm ‖g‖ before clipping.
/// - Complexity: O(total number of elements).
@discardableResult
public func clipGradientNorm(_ gradients: inout [String: Tensor], maxNorm: Float) -> Float {
  precondition(
    maxNorm.isFinite && maxNorm >= 0, "clipGradientNorm needs a finite maxNorm >= 0, got \(maxNorm)"
  )
  let names = gradients.keys.sorted()
  var sumOfSquares = 0.0
  for name in names {
    guard let gradient = gradients[name] else { continue }
    for value in gradient.scalars {
      sumOfSquares += Double(value) * Double(value)
    }
  }
  let norm = Float(sumOfSquares.squareRoot())
  let scale = maxNorm / (norm + 1e-6)
  if scale < 1 {
    for name in names {
      guard let gradient = gradients[name] else { continue }
      gradients[name] = Tensor(shape: gradient.shape, scalars: gradient.scalars.map { $0 * scale })
    }
  }
  return norm
}
