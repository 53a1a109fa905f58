/// A pair of spatial extents (height, width) for convolution and pooling arguments — a kernel
/// size, stride, padding or dilation — written as one integer when both are equal, as PyTorch
/// accepts `3` for `(3, 3)`.
///
/// ```swift
/// x.conv2d(w, stride: 2, padding: SpatialPair(height: 1, width: 0))
/// ```
public struct SpatialPair: Sendable, Hashable, ExpressibleByIntegerLiteral, CustomStringConvertible {
  /// Extent along the height axis (axis 2 of NCHW).
  public var height: Int
  /// Extent along the width axis (axis 3 of NCHW).
  public var width: Int

  /// A pair with the given height and width extents.
  public init(height: Int, width: Int) {
    self.height = height
    self.width = width
  }

  /// The same extent along both axes.
  public init(_ both: Int) {
    self.init(height: both, width: both)
  }

  public init(integerLiteral value: Int) {
    self.init(value)
  }

  public var description: String { height == width ? "\(height)" : "(\(height), \(width))" }
}
