import EBMProtocols
import Foundation

/// The results of ``BoxTracker`` over a set of sequences, scored as pytracking does
/// (``TrackingEvaluation``): the per-sequence curves, the time spent, and the benchmark figures.
public struct TrackingRun: Sendable {
  /// Sequence names, in the order tracked.
  public var names: [String] = []
  /// Each sequence's tracker output.
  public var results: [BoxTracker.Result] = []
  /// Each sequence's success and precision rates.
  public var curves: [TrackingEvaluation.SequenceCurves] = []
  /// Frames tracked after the first (the ones the tracker predicts).
  public var trackedFrames = 0
  /// Seconds the tracker spent on them.
  public var seconds = 0.0
  /// Σ ½ log(predicted area / annotated area) over the tracked frames with a positive
  /// annotation, and their count (for ``sizeRatio``).
  var logSizeRatioSum = 0.0
  var sizedFrames = 0

  public init() {}

  /// Scores one sequence's result against its annotation.
  ///
  /// - Throws: `EBMError.invalid` from ``TrackingEvaluation`` (e.g. NaN annotations outside UAV123).
  public mutating func add(
    _ result: BoxTracker.Result, sequence: String, groundTruth: [BoundingBox], targetVisible: [Bool]?,
    convention: TrackingEvaluation.Convention
  ) throws {
    let errors = try TrackingEvaluation.sequenceErrors(
      predicted: result.boxes, groundTruth: groundTruth, targetVisible: targetVisible, convention: convention)
    curves.append(try TrackingEvaluation.curves(errors))
    names.append(sequence)
    results.append(result)
    trackedFrames += max(0, result.boxes.count - 1)
    seconds += result.seconds
    for (box, truth) in zip(result.boxes, groundTruth).dropFirst()
    where truth.isFinite && truth.area > 0 && box.area > 0 {
      logSizeRatioSum += 0.5 * log(box.area / truth.area)
      sizedFrames += 1
    }
  }

  /// The geometric mean over frames of √(predicted area / annotated area): below 1 the boxes
  /// are too small, above 1 too large (a diagnostic; no benchmark reports it).
  public var sizeRatio: Double? { sizedFrames > 0 ? exp(logSizeRatioSum / Double(sizedFrames)) : nil }

  /// The benchmark figures over the sequences (percent).
  public var scores: TrackingEvaluation.Scores { TrackingEvaluation.scores(curves) }

  /// Frames per second of the tracker (frame 1, the initialisation, not counted as tracked);
  /// nil when no time was measured.
  public var framesPerSecond: Double? { seconds > 0 ? Double(trackedFrames) / seconds : nil }

  /// `auc`, `op50`, `op75`, `precision`, `norm_precision` (percent), `fps` and `size_ratio`
  /// (exact at 1; labelled "higher is better" because the failure it diagnoses is boxes that
  /// shrink).
  public func metrics() -> [Metric] {
    let s = scores
    return [
      Metric("auc", s.auc, .higherIsBetter), Metric("op50", s.op50, .higherIsBetter), Metric("op75", s.op75, .higherIsBetter),
      Metric("precision", s.precision, .higherIsBetter), Metric("norm_precision", s.normalizedPrecision, .higherIsBetter),
      Metric("fps", framesPerSecond, .higherIsBetter), Metric("size_ratio", sizeRatio, .higherIsBetter),
    ]
  }
}
