import Foundation
import Tensors

/// A piece of a photograph cut out by an irregular mask, to paste into synthetic scenes.
///
/// The mask is star-shaped about the piece's centre: in coordinates p ∈ [−1, 1]² of the piece,
/// a point is inside when |p| < r(θ) = 0.95 (1 + Σₖ₌₂⁴ aₖ cos(kθ + φₖ)), multiplied by the
/// photograph's own alpha when it has one (a cut-out animal keeps its outline).
public struct ObjectCutOut: Sendable {
  /// The photograph.
  public var source: Photo
  /// The piece of the photograph, in its pixels.
  public var region: BoundingBox
  /// a₂, a₃, a₄ of the mask's radius.
  public var amplitudes: [Double]
  /// φ₂, φ₃, φ₄.
  public var phases: [Double]
  /// Whether the piece is drawn mirrored left–right (augmentation).
  public var mirrored: Bool
  /// The colour change applied when drawing (augmentation).
  public var jitter: ColourJitter

  public init(
    source: Photo, region: BoundingBox, amplitudes: [Double], phases: [Double], mirrored: Bool = false,
    jitter: ColourJitter = .identity
  ) {
    self.source = source
    self.region = region
    self.amplitudes = amplitudes
    self.phases = phases
    self.mirrored = mirrored
    self.jitter = jitter
  }

  /// x of piece coordinate px ∈ [−1, 1] in the source photograph (mirrored or not).
  func sourceX(_ px: Double) -> Double { region.x + ((mirrored ? -px : px) + 1) / 2 * region.width }

  /// A random piece (30–80 % of the shorter side) with a random mask (aₖ ~ U(−0.2, 0.2)).
  public static func random(from source: Photo, using rng: inout RandomGenerator) -> ObjectCutOut {
    func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * rng.nextDouble() }
    let shorter = Double(min(source.width, source.height))
    let width = shorter * uniform(0.3, 0.8)
    let height = shorter * uniform(0.3, 0.8)
    let region = source.alpha == nil
      ? BoundingBox(
        x: uniform(0, Double(source.width) - width), y: uniform(0, Double(source.height) - height), width: width,
        height: height)
      : BoundingBox(x: 0, y: 0, width: Double(source.width), height: Double(source.height))
    return ObjectCutOut(
      source: source, region: region, amplitudes: (0..<3).map { _ in uniform(-0.2, 0.2) },
      phases: (0..<3).map { _ in uniform(0, 2 * .pi) })
  }

  /// The mask's opacity at piece coordinates p ∈ [−1, 1]², with a one-pixel soft edge.
  func maskOpacity(px: Double, py: Double, edge: Double) -> Double {
    let radius = (px * px + py * py).squareRoot()
    let theta = atan2(py, px)
    var r = 1.0
    for k in 0..<3 { r += amplitudes[k] * cos(Double(k + 2) * theta + phases[k]) }
    r *= 0.95
    return min(1, max(0, (r - radius) / edge + 0.5))
  }

  /// Opacity of the cut-out drawn into `box` at picture point (x, y) (pixel centre).
  public func opacity(in box: BoundingBox, x: Double, y: Double) -> Double {
    let px = 2 * (x - box.x) / box.width - 1
    let py = 2 * (y - box.y) / box.height - 1
    guard abs(px) <= 1, abs(py) <= 1 else { return 0 }
    let sx = sourceX(px)
    let sy = region.y + (py + 1) / 2 * region.height
    let edge = 2 / min(box.width, box.height)
    return maskOpacity(px: px, py: py, edge: edge) * Double(source.opacity(x: Float(sx), y: Float(sy)))
  }

  /// Draws the cut-out into `box` of `image` (alpha blending) and returns the box of its drawn
  /// pixels (opacity ≥ ½), nil if none is.
  @discardableResult
  public func paste(into image: inout Photo, at box: BoundingBox, brightness: Float = 1) -> BoundingBox? {
    var minX = Int.max
    var minY = Int.max
    var maxX = Int.min
    var maxY = Int.min
    let x0 = max(0, Int(box.x.rounded(.down)))
    let y0 = max(0, Int(box.y.rounded(.down)))
    let x1 = min(image.width - 1, Int((box.x + box.width).rounded(.up)))
    let y1 = min(image.height - 1, Int((box.y + box.height).rounded(.up)))
    guard x0 <= x1, y0 <= y1 else { return nil }
    for i in y0...y1 {
      for j in x0...x1 {
        let a = Float(opacity(in: box, x: Double(j) + 0.5, y: Double(i) + 0.5))
        guard a > 0 else { continue }
        let px = 2 * ((Double(j) + 0.5) - box.x) / box.width - 1
        let py = 2 * ((Double(i) + 0.5) - box.y) / box.height - 1
        let (r, g, b) = jitter(
          source.sample(x: Float(sourceX(px)), y: Float(region.y + (py + 1) / 2 * region.height)))
        let p = (i * image.width + j) * 3
        image.rgb[p] = (1 - a) * image.rgb[p] + a * min(1, r * brightness)
        image.rgb[p + 1] = (1 - a) * image.rgb[p + 1] + a * min(1, g * brightness)
        image.rgb[p + 2] = (1 - a) * image.rgb[p + 2] + a * min(1, b * brightness)
        if a >= 0.5 {
          minX = min(minX, j)
          maxX = max(maxX, j)
          minY = min(minY, i)
          maxY = max(maxY, i)
        }
      }
    }
    guard minX <= maxX else { return nil }
    return BoundingBox(x: Double(minX), y: Double(minY), width: Double(maxX - minX + 1), height: Double(maxY - minY + 1))
  }
}
