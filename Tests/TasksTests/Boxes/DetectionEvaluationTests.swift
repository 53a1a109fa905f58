import Foundation
import Tasks
import Testing

/// COCO-style AP against cases worked out by hand, following pycocotools' `COCOeval`.
@Suite struct DetectionEvaluationTests {
  typealias Evaluation = DetectionEvaluation
  let square = BoundingBox(x: 0, y: 0, width: 10, height: 10)

  @Test func thresholdsAndRecallPoints() {
    #expect(Evaluation.iouThresholds.count == 10 && Evaluation.iouThresholds.first == 0.5)
    #expect(Evaluation.iouThresholds.last == 0.95)
    #expect(abs(Evaluation.iouThresholds[5] - 0.75) < 1e-15)
    #expect(Evaluation.recallPoints.count == 101 && Evaluation.recallPoints.last == 1)
  }

  /// One detection of IoU 0.62 matches at 0.50, 0.55 and 0.60 only: AP = 3/10.
  @Test func oneDetectionPartialOverlap() {
    let detection = Evaluation.Detection(box: BoundingBox(x: 0, y: 0, width: 10, height: 6.2), score: 0.9)
    let scores = Evaluation.evaluate([.init(groundTruth: [.init(box: square)], detections: [detection])])
    #expect(abs(scores.ap - 0.3) < 1e-12)
    // Precision is tp / (tp + fp + ε), ε = np.spacing(1), as in pycocotools: 1 − 2⁻⁵², not 1.
    #expect(abs(scores.ap50 - 1) < 1e-12 && scores.ap75 == 0)
    #expect(scores.apPerThreshold.map { $0 > 0.5 } == [true, true, true] + Array(repeating: false, count: 7))
  }

  /// TP, FP, TP over two ground-truth boxes: recall (½, ½, 1), precision (1, ½, ⅔) made monotone
  /// (1, ⅔, ⅔); recall points 0 … 0.50 read 1, the 50 points above read ⅔.
  @Test func interleavedFalsePositive() {
    let other = BoundingBox(x: 50, y: 50, width: 10, height: 10)
    let image = Evaluation.Image(
      groundTruth: [.init(box: square), .init(box: other)],
      detections: [
        .init(box: square, score: 0.9),
        .init(box: BoundingBox(x: 100, y: 100, width: 5, height: 5), score: 0.8),
        .init(box: other, score: 0.7),
      ])
    let expected = (51.0 + 50.0 * 2 / 3) / 101
    let scores = Evaluation.evaluate([image])
    #expect(abs(scores.ap - expected) < 1e-9)
    #expect(abs(scores.ap50 - expected) < 1e-9 && abs(scores.ap75 - expected) < 1e-9)
  }

  /// Equal scores keep their input order (mergesort): FP then TP gives precision (0, ½) → ½
  /// everywhere; TP then FP gives 1.
  @Test func tiesKeepInputOrder() {
    let miss = Evaluation.Detection(box: BoundingBox(x: 40, y: 40, width: 10, height: 10), score: 0.5)
    let hit = Evaluation.Detection(box: square, score: 0.5)
    let missFirst = Evaluation.evaluate([.init(groundTruth: [.init(box: square)], detections: [miss, hit])])
    let hitFirst = Evaluation.evaluate([.init(groundTruth: [.init(box: square)], detections: [hit, miss])])
    #expect(abs(missFirst.ap - 0.5) < 1e-9)
    #expect(abs(hitFirst.ap - 1) < 1e-9)
  }

  /// A second detection of an already matched box is a false positive; the better-scored one
  /// takes the match even when the other overlaps more.
  @Test func duplicatesAndGreedyMatching() {
    let loose = Evaluation.Detection(box: BoundingBox(x: 0, y: 0, width: 10, height: 8.2), score: 0.9)  // IoU 0.82
    let tight = Evaluation.Detection(box: square, score: 0.3)  // IoU 1, but second
    let scores = Evaluation.evaluate([.init(groundTruth: [.init(box: square)], detections: [tight, loose])])
    // At t ≤ 0.82 (7 thresholds: 0.50 … 0.80): TP then FP → AP 1. At 0.85 … 0.95 the loose box
    // fails and the tight one matches: FP then TP → precision ½ at every recall point.
    #expect(abs(scores.ap - (7 * 1 + 3 * 0.5) / 10) < 1e-9)
  }

  @Test func emptyDetectionsAndEmptyGroundTruth() {
    let noDetections = Evaluation.evaluate([.init(groundTruth: [.init(box: square)], detections: [])])
    #expect(noDetections.ap == 0 && noDetections.ap50 == 0)
    // No ground truth anywhere: pycocotools' "absent" −1.
    let noTruth = Evaluation.evaluate([.init(groundTruth: [], detections: [.init(box: square, score: 1)])])
    #expect(noTruth.ap == -1)
    // An image without ground truth still contributes its false positives to the category.
    let fp = Evaluation.Detection(box: square, score: 0.9)
    let scores = Evaluation.evaluate([
      .init(groundTruth: [], detections: [fp]),
      .init(groundTruth: [.init(box: square)], detections: [.init(box: square, score: 0.1)]),
    ])
    #expect(abs(scores.ap - 0.5) < 1e-9)
  }

  /// Categories are averaged; a detection never matches another category's box.
  @Test func categoriesAreSeparate() {
    let image = Evaluation.Image(
      groundTruth: [.init(box: square, category: 0), .init(box: square, category: 1)],
      detections: [.init(box: square, score: 0.9, category: 0)])
    #expect(abs(Evaluation.evaluate([image]).ap - 0.5) < 1e-12)
  }

  /// Only the best `maxDetectionsPerImage` detections of each image count.
  @Test func detectionCap() {
    let image = Evaluation.Image(
      groundTruth: [.init(box: square)],
      detections: [
        .init(box: BoundingBox(x: 60, y: 60, width: 3, height: 3), score: 0.9),
        .init(box: square, score: 0.1),
      ])
    #expect(Evaluation.evaluate([image], maxDetectionsPerImage: 1).ap == 0)
    #expect(abs(Evaluation.evaluate([image], maxDetectionsPerImage: 2).ap - 0.5) < 1e-9)
  }
}
