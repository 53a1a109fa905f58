import Foundation
import Tensors

/// An RGB picture as the box tasks compose it: row-major pixels, three channels in [0, 1], with
/// bilinear reading at continuous coordinates (pixel centres at integer + ½, as in PyTorch's
/// `align_corners=False`) and an optional alpha mask (the shape of a cut-out object).
public struct Photo: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// Row-major RGB triples in [0, 1].
  public var rgb: [Float]
  /// Row-major opacity in [0, 1], or nil for an opaque picture.
  public var alpha: [Float]?

  public init(width: Int, height: Int, rgb: [Float], alpha: [Float]? = nil) {
    precondition(width > 0 && height > 0 && rgb.count == width * height * 3, "Photo: \(rgb.count) values for \(width)×\(height) RGB")
    precondition(alpha == nil || alpha!.count == width * height, "Photo: alpha needs one value per pixel")
    self.width = width
    self.height = height
    self.rgb = rgb
    self.alpha = alpha
  }

  /// From 8-bit samples with 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA) channels.
  public init(width: Int, height: Int, channels: Int, samples: [UInt8]) {
    precondition((1...4).contains(channels) && samples.count == width * height * channels, "Photo: bad 8-bit samples")
    var rgb = [Float](repeating: 0, count: width * height * 3)
    var alpha: [Float]? = channels == 2 || channels == 4 ? [Float](repeating: 1, count: width * height) : nil
    for p in 0..<(width * height) {
      let s = p * channels
      if channels < 3 {
        let v = Float(samples[s]) / 255
        rgb[3 * p] = v
        rgb[3 * p + 1] = v
        rgb[3 * p + 2] = v
      } else {
        for c in 0..<3 { rgb[3 * p + c] = Float(samples[s + c]) / 255 }
      }
      if channels == 2 || channels == 4 { alpha![p] = Float(samples[s + channels - 1]) / 255 }
    }
    self.init(width: width, height: height, rgb: rgb, alpha: alpha)
  }

  /// The colour at continuous (x, y), bilinear between pixel centres, clamped at the border.
  @inlinable public func sample(x: Float, y: Float) -> (Float, Float, Float) {
    let (i0, i1, wy) = Photo.taps(y - 0.5, count: height)
    let (j0, j1, wx) = Photo.taps(x - 0.5, count: width)
    func value(_ i: Int, _ j: Int, _ c: Int) -> Float { rgb[(i * width + j) * 3 + c] }
    func mix(_ c: Int) -> Float {
      (1 - wy) * ((1 - wx) * value(i0, j0, c) + wx * value(i0, j1, c)) + wy * ((1 - wx) * value(i1, j0, c) + wx * value(i1, j1, c))
    }
    return (mix(0), mix(1), mix(2))
  }

  /// Opacity at continuous (x, y): bilinear inside, 0 outside the picture; 1 without a mask.
  @inlinable public func opacity(x: Float, y: Float) -> Float {
    guard x >= 0, y >= 0, x < Float(width), y < Float(height) else { return 0 }
    guard let alpha else { return 1 }
    let (i0, i1, wy) = Photo.taps(y - 0.5, count: height)
    let (j0, j1, wx) = Photo.taps(x - 0.5, count: width)
    return (1 - wy) * ((1 - wx) * alpha[i0 * width + j0] + wx * alpha[i0 * width + j1])
      + wy * ((1 - wx) * alpha[i1 * width + j0] + wx * alpha[i1 * width + j1])
  }

  /// The two neighbouring indices of continuous index t (clamped) and the weight of the second.
  @inlinable static func taps(_ t: Float, count: Int) -> (Int, Int, Float) {
    let clamped = Swift.min(Swift.max(t, 0), Float(count - 1))
    let i0 = Swift.min(Int(clamped), count - 1)
    let i1 = Swift.min(i0 + 1, count - 1)
    return (i0, i1, clamped - Float(i0))
  }

  /// The pixels as a `[3, height, width]` tensor (CHW, PyTorch's layout).
  public var tensor: Tensor {
    var chw = [Float](repeating: 0, count: rgb.count)
    let plane = width * height
    for p in 0..<plane {
      for c in 0..<3 { chw[c * plane + p] = rgb[3 * p + c] }
    }
    return Tensor(shape: [3, height, width], scalars: chw)
  }

  /// The picture as an 8-bit raster (for PNG files and drawings).
  public var raster: RasterImage {
    var image = RasterImage(width: width, height: height)
    for y in 0..<height {
      for x in 0..<width {
        let p = (y * width + x) * 3
        func byte(_ v: Float) -> UInt8 { UInt8(Swift.max(0, Swift.min(255, (v * 255).rounded()))) }
        image.set(x: x, y: y, RGB(byte(rgb[p]), byte(rgb[p + 1]), byte(rgb[p + 2])))
      }
    }
    return image
  }
}
