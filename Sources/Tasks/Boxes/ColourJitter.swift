import Foundation
import Tensors

/// Photometric augmentation of a training picture (torchvision's `ColorJitter` and
/// `RandomGrayscale`, in this order): brightness v ← b v, contrast v ← ½ + c (v − ½),
/// saturation v ← g + s (v − g) with g the pixel's luma (0.299 R + 0.587 G + 0.114 B; s = 0 is
/// grey), clamped to [0, 1].
public struct ColourJitter: Sendable, Equatable {
  /// Brightness gain b.
  public var brightness: Float
  /// Contrast gain c about mid-grey.
  public var contrast: Float
  /// Saturation gain s (0: greyscale).
  public var saturation: Float

  public init(brightness: Float = 1, contrast: Float = 1, saturation: Float = 1) {
    self.brightness = brightness
    self.contrast = contrast
    self.saturation = saturation
  }

  /// No change.
  public static let identity = ColourJitter()

  /// b, c ~ U(0.6, 1.4), s ~ U(0, 1.6), and greyscale (s = 0) with probability 0.3 — the test
  /// photographs include greyscale ones, the training ones colour ones.
  public static func random(using rng: inout RandomGenerator) -> ColourJitter {
    func uniform(_ a: Float, _ b: Float) -> Float { a + (b - a) * Float(rng.nextDouble()) }
    let brightness = uniform(0.6, 1.4)
    let contrast = uniform(0.6, 1.4)
    let saturation = uniform(0, 1.6)
    let grey = rng.nextDouble() < 0.3
    return ColourJitter(brightness: brightness, contrast: contrast, saturation: grey ? 0 : saturation)
  }

  /// The jittered colour of (r, g, b).
  @inlinable public func callAsFunction(_ r: Float, _ g: Float, _ b: Float) -> (Float, Float, Float) {
    func tone(_ v: Float) -> Float { 0.5 + contrast * (brightness * v - 0.5) }
    let (r1, g1, b1) = (tone(r), tone(g), tone(b))
    let luma = 0.299 * r1 + 0.587 * g1 + 0.114 * b1
    func clamp(_ v: Float) -> Float { Swift.min(1, Swift.max(0, v)) }
    return (
      clamp(luma + saturation * (r1 - luma)), clamp(luma + saturation * (g1 - luma)), clamp(luma + saturation * (b1 - luma))
    )
  }

  /// The jittered colour of an (r, g, b) triple.
  @inlinable public func callAsFunction(_ colour: (Float, Float, Float)) -> (Float, Float, Float) {
    self(colour.0, colour.1, colour.2)
  }
}
