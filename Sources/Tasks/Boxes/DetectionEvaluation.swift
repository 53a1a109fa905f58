/// COCO-style box AP, computed as pycocotools' `COCOeval` does for `iouType='bbox'`, area
/// range "all", at most 100 detections per image, no crowd or ignored boxes:
///
/// - per image and category, detections are sorted by score (stable, so ties keep their input
///   order) and the first `maxDetectionsPerImage` kept;
/// - at each IoU threshold t, detections in that order greedily take the unmatched ground-truth
///   box of highest IoU ≥ t (among equal IoUs the later ground truth, as `evaluateImg`'s `<`
///   test does);
/// - per category, the detections of all images (in image order) are sorted again by score
///   (stable), precision is made monotone from the right, and read at the 101 recall points
///   0, 0.01, …, 1 by `searchsorted(recall, r, side='left')` (0 past the last recall reached);
/// - AP is the mean over categories that have ground truth, recall points and the IoU
///   thresholds 0.50:0.05:0.95; AP50 and AP75 the same at one threshold. A category with ground
///   truth but no detection scores 0; a category without ground truth is left out (and with no
///   ground truth at all AP is −1, pycocotools' "absent").
public enum DetectionEvaluation {
  /// A detector's box with its confidence and category.
  public struct Detection: Sendable, Hashable {
    public var box: BoundingBox
    public var score: Double
    public var category: Int
    public init(box: BoundingBox, score: Double, category: Int = 0) {
      self.box = box
      self.score = score
      self.category = category
    }
  }

  /// A ground-truth box and its category.
  public struct GroundTruth: Sendable, Hashable {
    public var box: BoundingBox
    public var category: Int
    public init(box: BoundingBox, category: Int = 0) {
      self.box = box
      self.category = category
    }
  }

  /// One image's ground truth and detections.
  public struct Image: Sendable, Hashable {
    public var groundTruth: [GroundTruth]
    public var detections: [Detection]
    public init(groundTruth: [GroundTruth], detections: [Detection]) {
      self.groundTruth = groundTruth
      self.detections = detections
    }
  }

  /// AP over the IoU thresholds and at each threshold.
  public struct Scores: Sendable, Hashable {
    /// Mean AP over IoU 0.50:0.05:0.95 (COCO's headline AP).
    public var ap: Double
    /// AP at IoU 0.5.
    public var ap50: Double
    /// AP at IoU 0.75.
    public var ap75: Double
    /// AP at each of ``DetectionEvaluation/iouThresholds``.
    public var apPerThreshold: [Double]
  }

  /// 0.50, 0.55, …, 0.95, as `np.linspace(.5, 0.95, 10)` computes them.
  public static let iouThresholds: [Double] = linspace(0.5, 0.95, count: 10)
  /// 0, 0.01, …, 1, as `np.linspace(0, 1, 101)` computes them.
  public static let recallPoints: [Double] = linspace(0, 1, count: 101)

  /// numpy's `linspace`: start + i·step with step = (stop − start)/(count − 1), the last = stop.
  static func linspace(_ start: Double, _ stop: Double, count: Int) -> [Double] {
    let step = (stop - start) / Double(count - 1)
    var values = (0..<count).map { Double($0) * step + start }
    values[count - 1] = stop
    return values
  }

  /// AP, AP50 and AP75 of `images` (see the type's documentation for the conventions).
  public static func evaluate(_ images: [Image], maxDetectionsPerImage: Int = 100) -> Scores {
    precondition(maxDetectionsPerImage > 0, "DetectionEvaluation: maxDetectionsPerImage must be positive")
    let thresholds = iouThresholds
    let categories = Set(images.flatMap { $0.groundTruth.map(\.category) + $0.detections.map(\.category) }).sorted()
    // precision[t][k] = the 101 interpolated precisions, nil for a category without ground truth.
    var precision = [[[Double]?]](repeating: [], count: thresholds.count)
    for category in categories {
      var scores: [Double] = []
      var matched: [[Bool]] = Array(repeating: [], count: thresholds.count)
      var groundTruthCount = 0
      for image in images {
        let truths = image.groundTruth.filter { $0.category == category }.map(\.box)
        let detections = stableSortedByScore(image.detections.filter { $0.category == category })
          .prefix(maxDetectionsPerImage)
        groundTruthCount += truths.count
        let ious = detections.map { d in truths.map { d.box.iou(with: $0) } }
        for (t, threshold) in thresholds.enumerated() {
          var taken = [Bool](repeating: false, count: truths.count)
          for d in ious.indices {
            var best = -1
            var bestIoU = Swift.min(threshold, 1 - 1e-10)
            for g in truths.indices where !taken[g] {
              if ious[d][g] < bestIoU { continue }
              bestIoU = ious[d][g]
              best = g
            }
            if best >= 0 { taken[best] = true }
            matched[t].append(best >= 0)
          }
        }
        scores.append(contentsOf: detections.map(\.score))
      }
      guard groundTruthCount > 0 else {
        for t in thresholds.indices { precision[t].append(nil) }
        continue
      }
      let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
      for t in thresholds.indices {
        precision[t].append(interpolatedPrecision(matches: order.map { matched[t][$0] }, groundTruthCount: groundTruthCount))
      }
    }
    func mean(_ t: [Int]) -> Double {
      let values = t.flatMap { precision[$0].compactMap { $0 }.flatMap { $0 } }
      return values.isEmpty ? -1 : values.reduce(0, +) / Double(values.count)
    }
    return Scores(
      ap: mean(Array(thresholds.indices)), ap50: mean([0]), ap75: mean([5]),
      apPerThreshold: thresholds.indices.map { mean([$0]) })
  }

  /// Stable sort by descending score (numpy's `argsort(-scores, kind='mergesort')`).
  static func stableSortedByScore(_ detections: [Detection]) -> [Detection] {
    detections.indices.sorted {
      detections[$0].score > detections[$1].score || (detections[$0].score == detections[$1].score && $0 < $1)
    }.map { detections[$0] }
  }

  /// The precision at the 101 recall points for detections in score order, true = matched.
  static func interpolatedPrecision(matches: [Bool], groundTruthCount: Int) -> [Double] {
    var recall: [Double] = []
    var precision: [Double] = []
    var tp = 0.0
    var fp = 0.0
    for m in matches {
      if m { tp += 1 } else { fp += 1 }
      recall.append(tp / Double(groundTruthCount))
      precision.append(tp / (tp + fp + Double.ulpOfOne))
    }
    if precision.count > 1 {
      for i in stride(from: precision.count - 1, to: 0, by: -1) where precision[i] > precision[i - 1] {
        precision[i - 1] = precision[i]
      }
    }
    return recallPoints.map { r in
      // searchsorted(recall, r, side='left'): the first index with recall[i] ≥ r.
      var low = 0
      var high = recall.count
      while low < high {
        let mid = (low + high) / 2
        if recall[mid] < r { low = mid + 1 } else { high = mid }
      }
      return low < precision.count ? precision[low] : 0
    }
  }
}
