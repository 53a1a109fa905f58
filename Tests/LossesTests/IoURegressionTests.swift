import Foundation
@testable import Losses
import Testing

/// The IoU of boxes in u that the IoU-regression objective fits.
@Suite struct IoURegressionTests {
  @Test func iouOfParametrisedBoxesByHand() {
    let objective = IoURegressionObjective(samples: 1, referenceSize: 10)
    let logTen = Float(log(10.0))
    // A 10 × 10 box at (10, 10) and the same shifted by 5 px (u₁ + 0.5): IoU 50 / 150.
    let a: [Float] = [1, 1, logTen, logTen]
    let b: [Float] = [1.5, 1, logTen, logTen]
    #expect(abs(objective.iou(a[...], a[...]) - 1) < 1e-6)
    #expect(abs(objective.iou(a[...], b[...]) - 1.0 / 3) < 1e-6)
    // Twice the size at the same centre: 100 / 400.
    let c: [Float] = [1, 1, Float(log(20.0)), Float(log(20.0))]
    #expect(abs(objective.iou(a[...], c[...]) - 0.25) < 1e-5)
    // Far apart: 0.
    #expect(objective.iou(a[...], [9, 9, logTen, logTen][...]) == 0)
  }
}
