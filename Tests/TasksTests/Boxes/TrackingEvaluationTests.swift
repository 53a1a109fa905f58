import EBMProtocols
import Foundation
import Tasks
import Testing

/// One-pass tracking metrics against cases worked out by hand, following pytracking's analysis.
@Suite struct TrackingEvaluationTests {
  typealias Evaluation = TrackingEvaluation
  let target = BoundingBox(x: 10, y: 10, width: 10, height: 10)

  /// Overlaps (1, ⅓, 1): the first frame is the ground truth whatever was predicted.
  @Test func threeFramesByHand() throws {
    let predicted = [
      BoundingBox(x: 90, y: 90, width: 3, height: 3),
      BoundingBox(x: 15, y: 10, width: 10, height: 10),  // IoU 50 / 150, centre 5 px off
      target,
    ]
    let errors = try Evaluation.sequenceErrors(predicted: predicted, groundTruth: Array(repeating: target, count: 3))
    #expect(errors.overlap[0] == 1 && abs(errors.overlap[1] - 1.0 / 3) < 1e-15 && errors.overlap[2] == 1)
    #expect(errors.centerError == [0, 5, 0])
    #expect(errors.normalizedCenterError == [0, 0.5, 0])
    let curves = try Evaluation.curves(errors)
    // τ = 0 … 0.30 (7 thresholds): 3/3; τ = 0.35 … 0.95 (13): 2/3; τ = 1: none (strict >).
    #expect(curves.success[6] == 1 && abs(curves.success[7] - 2.0 / 3) < 1e-15 && curves.success[20] == 0)
    #expect(abs(curves.averageOverlap - 7.0 / 9) < 1e-15)
    let scores = Evaluation.scores([curves])
    #expect(abs(scores.auc - 100 * (7 + 13 * 2.0 / 3) / 21) < 1e-9)
    #expect(abs(scores.op50 - 200.0 / 3) < 1e-9 && abs(scores.op75 - 200.0 / 3) < 1e-9)
    #expect(scores.precision == 100)
    // Frame 2 is 0.5 target sizes off: above 0.2, not normalised-precise.
    #expect(abs(scores.normalizedPrecision - 200.0 / 3) < 1e-9)
    // Precision at 4 px misses frame 2, at 5 px counts it (≤).
    #expect(abs(scores.precisionCurve[4] - 200.0 / 3) < 1e-9 && scores.precisionCurve[5] == 100)
  }

  /// Sequences are averaged with equal weight, whatever their length.
  @Test func sequencesAveragedEqually() throws {
    let good = try Evaluation.curves(
      Evaluation.sequenceErrors(predicted: [target, target], groundTruth: [target, target]))
    let miss = BoundingBox(x: 200, y: 200, width: 10, height: 10)
    let bad = try Evaluation.curves(
      Evaluation.sequenceErrors(predicted: [target] + Array(repeating: miss, count: 3), groundTruth: Array(repeating: target, count: 4)))
    let scores = Evaluation.scores([good, bad])
    // Sequence 1: success 1 at τ < 1; sequence 2: 1/4. Mean at τ = 0.5: (1 + 0.25) / 2.
    #expect(abs(scores.op50 - 62.5) < 1e-9)
  }

  /// A zero-size prediction repeats the previous box; missing predictions are zero boxes.
  @Test func zeroSizeAndMissingPredictions() throws {
    let shifted = BoundingBox(x: 15, y: 10, width: 10, height: 10)
    let errors = try Evaluation.sequenceErrors(
      predicted: [target, shifted, BoundingBox(x: 0, y: 0, width: 0, height: 5)],
      groundTruth: Array(repeating: target, count: 4))
    #expect(abs(errors.overlap[2] - 1.0 / 3) < 1e-15)
    #expect(errors.overlap[3] == 0)
  }

  /// UAV123: a NaN row is invalid; its overlap −1 never succeeds, its centre errors −1 are always
  /// precise, and it counts in n.
  @Test func uavAbsentFrames() throws {
    let absent = BoundingBox(x: .nan, y: .nan, width: .nan, height: .nan)
    let errors = try Evaluation.sequenceErrors(
      predicted: [target, target, target], groundTruth: [target, absent, target], convention: .uav)
    #expect(errors.valid == [true, false, true])
    #expect(errors.overlap[1] == -1 && errors.centerError[1] == -1 && errors.normalizedCenterError[1] == -1)
    let curves = try Evaluation.curves(errors)
    #expect(abs(curves.success[0] - 2.0 / 3) < 1e-15)
    #expect(curves.precision[0] == 1 && curves.normalizedPrecision[0] == 1)
    #expect(curves.averageOverlap == 1)
    // Counting only valid frames.
    #expect(try Evaluation.curves(errors, excludeInvalidFrames: true).success[0] == 1)
    // The same annotation outside UAV123 is refused, naming the convention.
    #expect(throws: EBMError.self) {
      _ = try Evaluation.sequenceErrors(predicted: [target], groundTruth: [target, absent])
    }
  }

  /// Standard (OTB, GOT-10k): an invisible frame's centre error is +∞, never precise; LaSOT makes
  /// the normalised error +∞ too.
  @Test func invisibleFramesStandardAndLaSOT() throws {
    let truth = Array(repeating: target, count: 2)
    let standard = try Evaluation.sequenceErrors(predicted: truth, groundTruth: truth, targetVisible: [true, false])
    #expect(standard.centerError[1] == .infinity && standard.normalizedCenterError[1] == -1)
    #expect(standard.overlap[1] == -1)
    let lasot = try Evaluation.sequenceErrors(
      predicted: truth, groundTruth: truth, targetVisible: [true, false], convention: .lasot)
    #expect(lasot.centerError[1] == .infinity && lasot.normalizedCenterError[1] == .infinity)
    let curves = try Evaluation.curves(lasot)
    #expect(curves.precision[50] == 0.5 && curves.normalizedPrecision[50] == 0.5)
    #expect(throws: EBMError.self) {
      _ = try Evaluation.sequenceErrors(predicted: [target], groundTruth: truth, targetVisible: [true, true], convention: .lasot)
    }
    #expect(throws: EBMError.self) {
      _ = try Evaluation.sequenceErrors(predicted: truth, groundTruth: truth, convention: .lasot)
    }
  }

  /// An annotation touching x = 0 is not valid (pytracking's `> 0` test).
  @Test func boxAtTheBorderIsInvalid() throws {
    let corner = BoundingBox(x: 0, y: 5, width: 10, height: 10)
    let errors = try Evaluation.sequenceErrors(predicted: [corner, corner], groundTruth: [corner, corner])
    #expect(errors.valid == [false, false])
    #expect(throws: EBMError.self) { _ = try Evaluation.curves(errors, excludeInvalidFrames: true) }
  }

  @Test func badPredictionsAreRefused() {
    #expect(throws: EBMError.self) {
      _ = try Evaluation.sequenceErrors(
        predicted: [target, BoundingBox(x: 0, y: 0, width: -1, height: 2)], groundTruth: [target, target])
    }
    #expect(throws: EBMError.self) { _ = try Evaluation.sequenceErrors(predicted: [], groundTruth: []) }
  }
}
