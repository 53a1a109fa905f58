import Tensors

/// Conversion between images (HWC, integer samples) and tensors (CHW, Float32).
extension Image {
  /// The image as a `[channels, height, width]` tensor, samples mapped linearly from
  /// 0...max (255, or 65535 for 16-bit images) onto `range`.
  ///
  /// ```
  /// x[c, y, x] = lower + (upper − lower) · sample(x, y, c) / max
  /// ```
  ///
  /// - Parameter range: The values of black and full intensity. Default `0...1` (torchvision's
  ///   `ToTensor`); `-1...1` is common for generative models.
  /// - Complexity: O(width × height × channels).
  public func tensor(range: ClosedRange<Float> = 0...1) -> Tensor {
    let maximum: Float = bitDepth == 8 ? 255 : 65535
    let scale = (range.upperBound - range.lowerBound) / maximum
    let lower = range.lowerBound
    let plane = width * height
    var scalars = [Float](repeating: 0, count: channels * plane)
    scalars.withUnsafeMutableBufferPointer { out in
      pixels.withUnsafeBufferPointer { samples in
        for i in 0..<plane {
          for c in 0..<channels {
            let index = i * channels + c
            let value =
              bitDepth == 8
              ? Float(samples[index]) : Float(UInt16(samples[2 * index]) | UInt16(samples[2 * index + 1]) << 8)
            out[c * plane + i] = lower + scale * value
          }
        }
      }
    }
    return Tensor(shape: [channels, height, width], scalars: scalars)
  }

  /// An 8-bit image from a `[channels, height, width]` tensor (channels 1...4), values mapped
  /// linearly from `range` onto 0...255, rounded to nearest and clamped.
  ///
  /// - Throws: ``ImageError/invalidTensor(shape:reason:)`` for a tensor that is not 3-D or has
  ///   other than 1...4 channels.
  public init(tensor: Tensor, range: ClosedRange<Float> = 0...1) throws {
    let shape = tensor.shape
    guard shape.count == 3 else {
      throw ImageError.invalidTensor(shape: shape, reason: "expected [channels, height, width]")
    }
    guard (1...4).contains(shape[0]) else {
      throw ImageError.invalidTensor(shape: shape, reason: "\(shape[0]) channels (1...4 allowed)")
    }
    let (channels, height, width) = (shape[0], shape[1], shape[2])
    let scale = 255 / (range.upperBound - range.lowerBound)
    let plane = width * height
    var pixels = [UInt8](repeating: 0, count: channels * plane)
    tensor.scalars.withUnsafeBufferPointer { values in
      for i in 0..<plane {
        for c in 0..<channels {
          let v = ((values[c * plane + i] - range.lowerBound) * scale).rounded()
          pixels[i * channels + c] = v.isNaN || v < 0 ? 0 : v > 255 ? 255 : UInt8(v)
        }
      }
    }
    self.init(width: width, height: height, channels: channels, pixels: pixels)
  }
}
