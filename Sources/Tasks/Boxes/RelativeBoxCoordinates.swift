import Foundation

/// The box parametrisation of Gustafsson et al. (BMVC 2020, §4.2) and PrDiMP: a box b relative
/// to a reference box of size (w₀, h₀),
///
/// ```
/// u = (cx / w₀, cy / h₀, log w, log h)
/// b = (x = u₁ w₀ − eᵘ³/2, y = u₂ h₀ − eᵘ⁴/2, w = eᵘ³, h = eᵘ⁴)
/// ```
///
/// so a step or a noise of the same size in u moves a large box as far, relative to its size,
/// as a small one. The reference is the ground truth in training and the initial box at test
/// (`rect_to_rel` / `rel_to_rect` of fregu856/ebms_regression, `detection/`).
public struct RelativeBoxCoordinates: Sendable, Hashable {
  /// w₀, the reference width (> 0).
  public var referenceWidth: Double
  /// h₀, the reference height (> 0).
  public var referenceHeight: Double

  public init(referenceWidth: Double, referenceHeight: Double) {
    precondition(referenceWidth > 0 && referenceHeight > 0, "RelativeBoxCoordinates: reference size must be positive")
    self.referenceWidth = referenceWidth
    self.referenceHeight = referenceHeight
  }

  /// Relative to the size of `reference`.
  public init(reference: BoundingBox) {
    self.init(referenceWidth: reference.width, referenceHeight: reference.height)
  }

  /// u of `box` (its width and height must be positive).
  public func encode(_ box: BoundingBox) -> [Double] {
    precondition(box.width > 0 && box.height > 0, "RelativeBoxCoordinates: log of a non-positive box size")
    return [box.centerX / referenceWidth, box.centerY / referenceHeight, log(box.width), log(box.height)]
  }

  /// The box of u = (u₁, u₂, u₃, u₄).
  public func decode(_ u: [Double]) -> BoundingBox {
    precondition(u.count == 4, "RelativeBoxCoordinates: u has \(u.count) coordinates, not 4")
    return BoundingBox(centerX: u[0] * referenceWidth, centerY: u[1] * referenceHeight, width: exp(u[2]), height: exp(u[3]))
  }
}
