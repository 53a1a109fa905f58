import EBMProtocols

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
  }

  /// The benchmark figures over the sequences (percent).
  public var scores: TrackingEvaluation.Scores { TrackingEvaluation.scores(curves) }

  /// Frames per second of the tracker (frame 1, the initialisation, not counted as tracked);
  /// nil when no time was measured.
  public var framesPerSecond: Double? { seconds > 0 ? Double(trackedFrames) / seconds : nil }

  /// `auc`, `op50`, `op75`, `precision`, `norm_precision` (percent) and `fps`.
  public func metrics() -> [Metric] {
    let s = scores
    return [
      Metric("auc", s.auc, .higherIsBetter), Metric("op50", s.op50, .higherIsBetter), Metric("op75", s.op75, .higherIsBetter),
      Metric("precision", s.precision, .higherIsBetter), Metric("norm_precision", s.normalizedPrecision, .higherIsBetter),
      Metric("fps", framesPerSecond, .higherIsBetter),
    ]
  }
}
