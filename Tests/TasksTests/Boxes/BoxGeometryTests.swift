import Foundation
import Tasks
import Testing

/// Box geometry and the relative parametrisation, against hand-computed values.
@Suite struct BoxGeometryTests {
  @Test func iouByHand() {
    let a = BoundingBox(x: 0, y: 0, width: 2, height: 2)
    // Overlap [1, 2) × [1, 2): 1; union 4 + 4 − 1 = 7.
    #expect(abs(a.iou(with: BoundingBox(x: 1, y: 1, width: 2, height: 2)) - 1.0 / 7) < 1e-15)
    // Touching edges and disjoint boxes do not overlap.
    #expect(a.iou(with: BoundingBox(x: 2, y: 0, width: 2, height: 2)) == 0)
    #expect(a.iou(with: BoundingBox(x: 5, y: 5, width: 1, height: 1)) == 0)
    // A box inside another: 1 / 4.
    #expect(a.iou(with: BoundingBox(x: 0.5, y: 0.5, width: 1, height: 1)) == 0.25)
    #expect(a.iou(with: a) == 1)
    // Two empty boxes: the union is empty, IoU 0 (not NaN).
    let empty = BoundingBox(x: 3, y: 3, width: 0, height: 0)
    #expect(empty.iou(with: empty) == 0)
  }

  @Test func centreAndAbsentRows() {
    let b = BoundingBox(centerX: 12, centerY: 24, width: 4, height: 8)
    #expect(b.x == 10 && b.y == 20 && b.centerX == 12 && b.centerY == 24 && b.area == 32)
    #expect(!BoundingBox(x: .nan, y: .nan, width: .nan, height: .nan).isFinite)
  }

  @Test func relativeCoordinatesByHand() {
    let coordinates = RelativeBoxCoordinates(referenceWidth: 4, referenceHeight: 8)
    let u = coordinates.encode(BoundingBox(x: 10, y: 20, width: 4, height: 8))
    #expect(u == [3, 3, log(4.0), log(8.0)])
    // A step of 0.1 in u₁ moves the centre by 0.1 w₀ = 0.4 px; +log 2 in u₃ doubles the width.
    let moved = coordinates.decode([3.1, 3, log(8.0), log(8.0)])
    #expect(abs(moved.centerX - 12.4) < 1e-12 && abs(moved.width - 8) < 1e-12 && abs(moved.centerY - 24) < 1e-12)
  }

  @Test func relativeCoordinatesRoundTrip() {
    let reference = BoundingBox(x: 3, y: 5, width: 17.5, height: 9.25)
    let coordinates = RelativeBoxCoordinates(reference: reference)
    let box = BoundingBox(x: -4, y: 7.5, width: 30, height: 2)
    let back = coordinates.decode(coordinates.encode(box))
    #expect(abs(back.x - box.x) < 1e-12 && abs(back.y - box.y) < 1e-12)
    #expect(abs(back.width - box.width) < 1e-12 && abs(back.height - box.height) < 1e-12)
  }
}
