/// Limits that protect a decoder from files that claim more than they hold.
///
/// A decoder checks the declared width × height against ``maximumPixels`` and the memory it
/// would need against ``maximumBytes`` before it allocates anything for pixels, and never
/// allocates more than the declared image needs: compressed data that would inflate past the
/// image's size (a "zip bomb") is an error, not a bigger buffer. A file whose data is too short
/// to hold the declared image is rejected before the image is allocated.
public struct DecodingLimits: Sendable, Equatable {
  /// The largest width × height accepted. Default: 2²⁸ = 268,435,456 pixels (16384 × 16384).
  public var maximumPixels: Int
  /// The most memory one decode may allocate for pixels and intermediate buffers (inflated
  /// scanlines, JPEG coefficients). Default: 2³⁰ bytes (1 GiB).
  public var maximumBytes: Int

  /// Limits with the given caps (defaults 2²⁸ pixels, 2³⁰ bytes).
  public init(maximumPixels: Int = 1 << 28, maximumBytes: Int = 1 << 30) {
    self.maximumPixels = maximumPixels
    self.maximumBytes = maximumBytes
  }

  /// Throws unless 0 < width, height and width × height ≤ ``maximumPixels``.
  func check(width: Int, height: Int, format: ImageFormat) throws(ImageError) {
    guard width > 0, height > 0 else {
      throw ImageError.corrupt(format: format, reason: "image size \(width)x\(height) is empty")
    }
    let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
    guard !overflow, pixels <= maximumPixels else {
      throw ImageError.tooLarge(width: width, height: height, limit: maximumPixels)
    }
  }

  /// Throws unless `bytes` ≤ ``maximumBytes``; `what` names the buffer in the message.
  func check(bytes: Int, for what: String) throws(ImageError) {
    guard bytes <= maximumBytes else {
      throw ImageError.tooMuchMemory(what: what, bytes: bytes, limit: maximumBytes)
    }
  }
}
