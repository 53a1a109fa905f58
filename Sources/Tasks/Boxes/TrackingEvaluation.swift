import EBMProtocols

/// One-pass tracking evaluation as pytracking's analysis computes it
/// (`pytracking/analysis/extract_results.py`, `calc_seq_err_robust`, and `plot_results.py`):
///
/// - frame 1's prediction is replaced by the ground truth; a later prediction of zero width or
///   height (on a frame with a finite annotation) by the previous prediction; predictions past
///   the annotation are dropped, missing ones padded with zero boxes (LaSOT: an error);
/// - a frame is valid when all four annotation values are > 0 (so NaN rows — an absent target —
///   and boxes touching x = 0 or y = 0 are invalid) and, where given, the target is visible;
/// - overlap is the IoU; the centre error uses pytracking's centre x + (w − 1)/2, in pixels, and
///   divided by the annotated size for the normalised error;
/// - on invalid frames the overlap is −1 (never a success); the centre error is +∞ (never
///   precise), −1 for UAV123 (always precise); the normalised error −1 (always precise), except
///   LaSOT frames with the target not visible, which are +∞ for both centre errors;
/// - per sequence, the success rate at threshold τ is #{overlap > τ} / n, the precision rates
///   #{error ≤ τ} / n, with n all frames (or only the valid ones with `excludeInvalidFrames`);
///   the curves are averaged over sequences and reported in percent. AUC is the mean of the
///   success curve over τ ∈ {0, 0.05, …, 1}; OP50 and OP75 its values at 0.5 and 0.75;
///   precision the precision curve at 20 px (τ ∈ {0, …, 50}); normalised precision the
///   normalised curve at 0.2 (τ ∈ {0, 0.01, …, 0.5}).
public enum TrackingEvaluation {
  /// How a benchmark marks frames without a usable annotation (pytracking's `dataset` switch).
  public enum Convention: String, Sendable, CaseIterable {
    /// OTB, GOT-10k, TrackingNet, and our generated sets read as GOT-10k.
    case standard
    /// UAV123: NaN annotations allowed; absent frames count as precise.
    case uav
    /// LaSOT: per-frame visibility; frames without the target are never precise.
    case lasot
  }

  /// Per-frame errors of one sequence.
  public struct SequenceErrors: Sendable, Equatable {
    /// IoU with the annotation, −1 on invalid frames.
    public var overlap: [Double]
    /// Centre distance in pixels.
    public var centerError: [Double]
    /// Centre distance in units of the annotated size.
    public var normalizedCenterError: [Double]
    /// Whether the frame's annotation counts.
    public var valid: [Bool]
  }

  /// One sequence's success and precision rates, as fractions.
  public struct SequenceCurves: Sendable, Equatable {
    /// At ``TrackingEvaluation/overlapThresholds``.
    public var success: [Double]
    /// At ``TrackingEvaluation/centerThresholds`` (pixels).
    public var precision: [Double]
    /// At ``TrackingEvaluation/normalizedCenterThresholds``.
    public var normalizedPrecision: [Double]
    /// Mean IoU over valid frames (pytracking's `avg_overlap_all`).
    public var averageOverlap: Double
  }

  /// The benchmark scores over sequences, in percent.
  public struct Scores: Sendable, Equatable {
    public var successCurve: [Double]
    public var precisionCurve: [Double]
    public var normalizedPrecisionCurve: [Double]
    /// Area under the success curve (mean over its 21 thresholds).
    public var auc: Double
    /// Success rate at IoU threshold 0.5.
    public var op50: Double
    /// Success rate at IoU threshold 0.75.
    public var op75: Double
    /// Precision at 20 pixels.
    public var precision: Double
    /// Normalised precision at 0.2.
    public var normalizedPrecision: Double
  }

  /// 0, 0.05, …, 1 (`torch.arange(0, 1.05, 0.05)`, i·0.05).
  public static let overlapThresholds: [Double] = (0...20).map { Double($0) * 0.05 }
  /// 0, 1, …, 50 pixels.
  public static let centerThresholds: [Double] = (0...50).map(Double.init)
  /// 0, 0.01, …, 0.5.
  public static let normalizedCenterThresholds: [Double] = (0...50).map { Double($0) / 100 }

  /// The per-frame errors of `predicted` against `groundTruth`.
  ///
  /// - Parameter targetVisible: per-frame visibility (LaSOT's occlusion and out-of-view, GOT-10k's
  ///   `absence.label` negated); required for ``Convention/lasot``.
  /// - Throws: `EBMError.invalid` for NaN or negative-size predictions, NaN annotations outside
  ///   UAV123, a LaSOT sequence without visibility or with fewer predictions than frames.
  public static func sequenceErrors(
    predicted: [BoundingBox], groundTruth: [BoundingBox], targetVisible: [Bool]? = nil,
    convention: Convention = .standard
  ) throws -> SequenceErrors {
    guard !groundTruth.isEmpty else { throw EBMError.invalid("tracking evaluation: the sequence has no annotated frame") }
    if let targetVisible, targetVisible.count != groundTruth.count {
      throw EBMError.invalid(
        "tracking evaluation: \(targetVisible.count) visibility flags for \(groundTruth.count) frames; help: give one per frame")
    }
    if convention == .lasot && targetVisible == nil {
      throw EBMError.invalid("tracking evaluation: LaSOT needs per-frame visibility (full_occlusion.txt, out_of_view.txt)")
    }
    if predicted.contains(where: { !$0.isFinite || $0.width < 0 || $0.height < 0 }) {
      throw EBMError.invalid("tracking evaluation: the predictions contain NaN or a negative size")
    }
    if convention != .uav && groundTruth.contains(where: { !$0.isFinite }) {
      throw EBMError.invalid(
        "tracking evaluation: NaN in the annotation; help: NaN rows mark absent frames only in UAV123 (convention uav)")
    }
    var boxes = predicted
    for i in boxes.indices.dropFirst() where i < groundTruth.count {
      if (boxes[i].width == 0 || boxes[i].height == 0) && groundTruth[i].isFinite { boxes[i] = boxes[i - 1] }
    }
    if boxes.count > groundTruth.count {
      boxes.removeLast(boxes.count - groundTruth.count)
    } else if boxes.count < groundTruth.count {
      if convention == .lasot {
        throw EBMError.invalid(
          "tracking evaluation: \(boxes.count) predictions for \(groundTruth.count) LaSOT frames; help: one box per frame")
      }
      boxes += Array(repeating: BoundingBox(x: 0, y: 0, width: 0, height: 0), count: groundTruth.count - boxes.count)
    }
    boxes[0] = groundTruth[0]
    var errors = SequenceErrors(overlap: [], centerError: [], normalizedCenterError: [], valid: [])
    for (i, (p, a)) in zip(boxes, groundTruth).enumerated() {
      let visible = targetVisible?[i] ?? true
      let valid = a.x > 0 && a.y > 0 && a.width > 0 && a.height > 0 && visible
      let dx = (p.x + 0.5 * (p.width - 1)) - (a.x + 0.5 * (a.width - 1))
      let dy = (p.y + 0.5 * (p.height - 1)) - (a.y + 0.5 * (a.height - 1))
      var center = (dx * dx + dy * dy).squareRoot()
      var normalized = ((dx / a.width) * (dx / a.width) + (dy / a.height) * (dy / a.height)).squareRoot()
      var overlap = p.iou(with: a)
      if !valid {
        center = convention == .uav ? -1 : .infinity
        normalized = -1
        overlap = -1
      }
      if convention == .lasot && !visible {
        center = .infinity
        normalized = .infinity
      }
      errors.overlap.append(overlap)
      errors.centerError.append(center)
      errors.normalizedCenterError.append(normalized)
      errors.valid.append(valid)
    }
    return errors
  }

  /// The success and precision rates of one sequence.
  public static func curves(_ errors: SequenceErrors, excludeInvalidFrames: Bool = false) throws -> SequenceCurves {
    let n = Double(excludeInvalidFrames ? errors.valid.filter { $0 }.count : errors.valid.count)
    guard n > 0 else { throw EBMError.invalid("tracking evaluation: the sequence has no valid frame") }
    func rate(_ values: [Double], _ passes: (Double) -> Bool) -> Double { Double(values.filter(passes).count) / n }
    let validOverlaps = zip(errors.overlap, errors.valid).filter(\.1).map(\.0)
    return SequenceCurves(
      success: overlapThresholds.map { t in rate(errors.overlap) { $0 > t } },
      precision: centerThresholds.map { t in rate(errors.centerError) { $0 <= t } },
      normalizedPrecision: normalizedCenterThresholds.map { t in rate(errors.normalizedCenterError) { $0 <= t } },
      averageOverlap: validOverlaps.isEmpty ? .nan : validOverlaps.reduce(0, +) / Double(validOverlaps.count))
  }

  /// The benchmark scores: curves averaged over sequences, in percent.
  public static func scores(_ sequences: [SequenceCurves]) -> Scores {
    precondition(!sequences.isEmpty, "TrackingEvaluation.scores needs at least one sequence")
    func average(_ curve: (SequenceCurves) -> [Double]) -> [Double] {
      let count = curve(sequences[0]).count
      return (0..<count).map { j in 100 * sequences.map { curve($0)[j] }.reduce(0, +) / Double(sequences.count) }
    }
    let success = average(\.success)
    let precision = average(\.precision)
    let normalized = average(\.normalizedPrecision)
    return Scores(
      successCurve: success, precisionCurve: precision, normalizedPrecisionCurve: normalized,
      auc: success.reduce(0, +) / Double(success.count), op50: success[10], op75: success[15],
      precision: precision[20], normalizedPrecision: normalized[20])
  }
}
