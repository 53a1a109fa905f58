/// Resizing of images (not differentiable; for tensors inside a model use the Tensor resize).
extension Image {
  /// The image resampled to `width` × `height` with `method`; same channels and bit depth.
  ///
  /// Bilinear output is rounded to the nearest integer sample.
  ///
  /// - Precondition: `width` and `height` positive.
  /// - Complexity: O(width × height × channels).
  public func resized(width newWidth: Int, height newHeight: Int, method: ResizeMethod = .bilinear) -> Image {
    precondition(newWidth > 0 && newHeight > 0, "resized(width:height:) needs a positive size")
    let bytesPerSample = bitDepth / 8
    var output = [UInt8](repeating: 0, count: newWidth * newHeight * channels * bytesPerSample)
    let scaleX = Double(width) / Double(newWidth)
    let scaleY = Double(height) / Double(newHeight)
    func store(_ value: Int, at index: Int) {
      if bytesPerSample == 1 {
        output[index] = UInt8(value)
      } else {
        output[2 * index] = UInt8(value & 0xFF)
        output[2 * index + 1] = UInt8(value >> 8)
      }
    }
    switch method {
    case .nearest:
      for y in 0..<newHeight {
        let sy = min(Int(Double(y) * scaleY), height - 1)
        for x in 0..<newWidth {
          let sx = min(Int(Double(x) * scaleX), width - 1)
          for c in 0..<channels {
            store(sample(x: sx, y: sy, channel: c), at: (y * newWidth + x) * channels + c)
          }
        }
      }
    case .bilinear:
      func source(_ i: Int, _ scale: Double, _ extent: Int) -> (Int, Int, Double) {
        let s = max(0, (Double(i) + 0.5) * scale - 0.5)
        let i0 = min(Int(s), extent - 1)
        return (i0, min(i0 + 1, extent - 1), s - Double(i0))
      }
      for y in 0..<newHeight {
        let (y0, y1, wy) = source(y, scaleY, height)
        for x in 0..<newWidth {
          let (x0, x1, wx) = source(x, scaleX, width)
          for c in 0..<channels {
            let top = Double(sample(x: x0, y: y0, channel: c)) * (1 - wx) + Double(sample(x: x1, y: y0, channel: c)) * wx
            let bottom = Double(sample(x: x0, y: y1, channel: c)) * (1 - wx) + Double(sample(x: x1, y: y1, channel: c)) * wx
            store(Int((top * (1 - wy) + bottom * wy).rounded()), at: (y * newWidth + x) * channels + c)
          }
        }
      }
    }
    return Image(width: newWidth, height: newHeight, channels: channels, bitDepth: bitDepth, pixels: output)
  }
}
