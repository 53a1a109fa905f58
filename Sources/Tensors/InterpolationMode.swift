/// How ``Tensor/resized(height:width:mode:)`` computes an output pixel from the input, with
/// PyTorch's `F.interpolate` conventions.
public enum InterpolationMode: Sendable, Hashable {
  /// PyTorch's `mode='nearest'`: output index d reads input index ⌊d · in/out⌋ (clamped to
  /// in − 1), with the scale in single precision as PyTorch computes it. Not `nearest-exact`.
  case nearest
  /// PyTorch's `mode='bilinear'` without antialiasing. With `alignCorners: false` (PyTorch's
  /// default) pixels are areas: output d samples input coordinate (d + ½)·in/out − ½, clamped
  /// below at 0, and the edge pixel repeats past the last one. With `alignCorners: true` the
  /// corner pixels' centres coincide: d samples d·(in − 1)/(out − 1).
  case bilinear(alignCorners: Bool)
}
