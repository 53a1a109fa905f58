import Foundation

/// An axis-aligned box in pixels: top-left corner (x, y), width and height — the `[x, y, w, h]`
/// of COCO, OTB, GOT-10k, LaSOT and UAV123 annotation files.
///
/// Geometry is continuous (COCO's `maskUtils.iou`): the box covers [x, x + w) × [y, y + h), its
/// centre is (x + w/2, y + h/2) and its area w·h. pytracking's "−1" pixel convention gives the
/// same IoU (its `br − tl + 1` cancels), and only its centre error differs (see
/// ``TrackingEvaluation``).
public struct BoundingBox: Sendable, Hashable, Codable {
  /// Left edge.
  public var x: Double
  /// Top edge.
  public var y: Double
  /// Width (≥ 0 for a valid box).
  public var width: Double
  /// Height (≥ 0 for a valid box).
  public var height: Double

  public init(x: Double, y: Double, width: Double, height: Double) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
  }

  /// The box with centre (cx, cy) and size w × h.
  public init(centerX: Double, centerY: Double, width: Double, height: Double) {
    self.init(x: centerX - width / 2, y: centerY - height / 2, width: width, height: height)
  }

  /// x + w/2.
  public var centerX: Double { x + width / 2 }
  /// y + h/2.
  public var centerY: Double { y + height / 2 }
  /// w·h.
  public var area: Double { width * height }
  /// Whether every coordinate is finite (NaN rows in UAV123 and LaSOT mark an absent target).
  public var isFinite: Bool { x.isFinite && y.isFinite && width.isFinite && height.isFinite }

  /// The area of the intersection with `other`, 0 when they do not overlap.
  public func intersectionArea(with other: BoundingBox) -> Double {
    let w = Swift.min(x + width, other.x + other.width) - Swift.max(x, other.x)
    let h = Swift.min(y + height, other.y + other.height) - Swift.max(y, other.y)
    return Swift.max(w, 0) * Swift.max(h, 0)
  }

  /// Intersection over union, |A ∩ B| / (|A| + |B| − |A ∩ B|); 0 when the union is empty.
  public func iou(with other: BoundingBox) -> Double {
    let intersection = intersectionArea(with: other)
    let union = area + other.area - intersection
    return union > 0 ? intersection / union : 0
  }
}
