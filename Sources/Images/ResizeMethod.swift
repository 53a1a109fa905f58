/// How ``Image/resized(width:height:method:)`` samples the source image.
///
/// Both use PyTorch's `interpolate(..., align_corners=False)` geometry: output pixel centre
/// (x + ½)·(inW/outW) − ½ in source coordinates; there is no antialiasing when shrinking.
public enum ResizeMethod: String, Sendable, CaseIterable {
  /// The source pixel ⌊x · inW / outW⌋ (PyTorch's `nearest`).
  case nearest
  /// Linear interpolation between the four nearest source pixels, edges clamped.
  case bilinear
}
