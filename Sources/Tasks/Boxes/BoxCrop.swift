import Foundation

/// A square crop around a reference box, resized to `size × size` pixels, in which box energies
/// work: the reference box, enlarged `context` times about its centre, fills the crop, so the
/// reference always sits centred with size (size/context)², whatever its size and aspect in the
/// picture (ATOM and PrDiMP crop the search area the same way; here the crop is anisotropic, so
/// one scale per axis).
///
/// The box parametrisation u of ``RelativeBoxCoordinates`` is taken in crop pixels relative to
/// the reference's crop size (w₀ = h₀ = size/context), so a noise or a step of the same size in u
/// moves any box by the same fraction of the reference's size, as in the paper.
public struct BoxCrop: Sendable, Equatable {
  /// The box the crop is centred on, in picture pixels.
  public var reference: BoundingBox
  /// How many times the reference's width and height the crop covers.
  public var context: Double
  /// The crop's side in pixels.
  public var size: Int

  public init(reference: BoundingBox, context: Double = 2, size: Int = 64) {
    precondition(reference.width > 0 && reference.height > 0 && context > 0 && size > 0, "BoxCrop: bad reference or size")
    self.reference = reference
    self.context = context
    self.size = size
  }

  /// Crop pixels per picture pixel, horizontally and vertically.
  public var scale: (x: Double, y: Double) {
    (Double(size) / (context * reference.width), Double(size) / (context * reference.height))
  }

  /// The picture's top-left corner of the crop.
  var origin: (x: Double, y: Double) {
    (reference.centerX - context * reference.width / 2, reference.centerY - context * reference.height / 2)
  }

  /// The parametrisation u in this crop: relative to the reference's size in crop pixels.
  public var coordinates: RelativeBoxCoordinates {
    RelativeBoxCoordinates(referenceWidth: Double(size) / context, referenceHeight: Double(size) / context)
  }

  /// A picture box in crop pixels.
  public func toCrop(_ box: BoundingBox) -> BoundingBox {
    let (sx, sy) = scale
    return BoundingBox(x: (box.x - origin.x) * sx, y: (box.y - origin.y) * sy, width: box.width * sx, height: box.height * sy)
  }

  /// A crop box in picture pixels.
  public func toPicture(_ box: BoundingBox) -> BoundingBox {
    let (sx, sy) = scale
    return BoundingBox(x: box.x / sx + origin.x, y: box.y / sy + origin.y, width: box.width / sx, height: box.height / sy)
  }

  /// u of a picture box.
  public func encode(_ box: BoundingBox) -> [Double] { coordinates.encode(toCrop(box)) }

  /// The picture box of u.
  public func decode(_ u: [Double]) -> BoundingBox { toPicture(coordinates.decode(u)) }

  /// The crop's pixels `[3, size, size]` (CHW), read bilinearly from `photo` (the border colour
  /// repeats outside it).
  public func pixels(of photo: Photo) -> [Float] {
    let (sx, sy) = scale
    let plane = size * size
    var out = [Float](repeating: 0, count: 3 * plane)
    for i in 0..<size {
      let y = Float(origin.y + (Double(i) + 0.5) / sy)
      for j in 0..<size {
        let (r, g, b) = photo.sample(x: Float(origin.x + (Double(j) + 0.5) / sx), y: y)
        out[i * size + j] = r
        out[plane + i * size + j] = g
        out[2 * plane + i * size + j] = b
      }
    }
    return out
  }
}
