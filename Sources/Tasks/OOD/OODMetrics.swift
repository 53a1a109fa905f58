/// Detection metrics of an OOD score, with the conventions of the energy_ood / Balanced_Energy
/// evaluation code (which calls scikit-learn).
///
/// Scores are "OOD-ness": higher means more likely out-of-distribution.
/// - ``auroc(inlier:outlier:)`` and ``averagePrecision(inlier:outlier:)`` treat OOD as the
///   positive class (ties count one half in AUROC; AP is scikit-learn's step-wise sum
///   Σ_n (R_n − R_{n−1}) P_n over distinct thresholds, without interpolation).
/// - ``fprAtRecall(inlier:outlier:recall:)`` treats in-distribution as positive (score −s):
///   the false-positive rate (OOD accepted as ID) at the threshold whose true-positive rate is
///   closest to 95 %. Where several thresholds share that TPR, the code's reversed search takes
///   the first, i.e. the worst FPR (``FPRAtRecall/worst``); ``FPRAtRecall/best`` is the lowest.
public enum OODMetrics {
  /// Area under the ROC curve with OOD positive, in [0, 1]: P(s_out > s_in) + ½ P(s_out = s_in).
  public static func auroc(inlier: [Double], outlier: [Double]) -> Double {
    precondition(!inlier.isEmpty && !outlier.isEmpty, "auroc needs both classes")
    // Mann–Whitney U with mid-ranks over the pooled sample.
    let pooled = (inlier.map { ($0, false) } + outlier.map { ($0, true) }).sorted { $0.0 < $1.0 }
    var rankSumOutlier = 0.0
    var i = 0
    while i < pooled.count {
      var j = i
      while j + 1 < pooled.count && pooled[j + 1].0 == pooled[i].0 { j += 1 }
      let midRank = Double(i + j) / 2 + 1
      for k in i...j where pooled[k].1 { rankSumOutlier += midRank }
      i = j + 1
    }
    let nOut = Double(outlier.count)
    let nIn = Double(inlier.count)
    return (rankSumOutlier - nOut * (nOut + 1) / 2) / (nOut * nIn)
  }

  /// Average precision with OOD positive (scikit-learn `average_precision_score`).
  public static func averagePrecision(inlier: [Double], outlier: [Double]) -> Double {
    precondition(!outlier.isEmpty, "averagePrecision needs positives")
    let groups = distinctThresholds(positive: outlier, negative: inlier)
    var ap = 0.0
    var previousRecall = 0.0
    let positives = Double(outlier.count)
    for g in groups {
      let recall = Double(g.tp) / positives
      let precision = Double(g.tp) / Double(g.tp + g.fp)
      ap += (recall - previousRecall) * precision
      previousRecall = recall
    }
    return ap
  }

  /// FPR at a recall level with in-distribution positive.
  public struct FPRAtRecall: Sendable, Equatable {
    /// The energy_ood convention: the worst FPR among the thresholds with the chosen TPR.
    public var worst: Double
    /// The best FPR among those thresholds (`fpr95_min`).
    public var best: Double
  }

  /// The false-positive rate (fraction of OOD scored as ID) at TPR ≈ `recall`, ID positive.
  public static func fprAtRecall(inlier: [Double], outlier: [Double], recall level: Double = 0.95) -> FPRAtRecall {
    precondition(!inlier.isEmpty && !outlier.isEmpty, "fprAtRecall needs both classes")
    // ID positive with score −s, thresholds from the highest ID-ness down.
    let groups = distinctThresholds(positive: inlier.map { -$0 }, negative: outlier.map { -$0 })
    let positives = Double(inlier.count)
    // Up to the first threshold reaching full recall, then searched from there backwards.
    let lastIndex = groups.firstIndex { $0.tp == inlier.count } ?? groups.count - 1
    let candidates = Array(groups[0...lastIndex].reversed())
    var bestDistance = Double.infinity
    var worstFP = 0
    var bestFP = Int.max
    for g in candidates {
      let distance = Swift.abs(Double(g.tp) / positives - level)
      if distance < bestDistance {
        bestDistance = distance
        worstFP = g.fp
        bestFP = g.fp
      } else if distance == bestDistance {
        bestFP = min(bestFP, g.fp)
      }
    }
    let negatives = Double(outlier.count)
    return FPRAtRecall(worst: Double(worstFP) / negatives, best: Double(bestFP) / negatives)
  }

  /// Cumulative (true positives, false positives) at each distinct score, highest score first
  /// (a threshold admits every score ≥ it).
  static func distinctThresholds(positive: [Double], negative: [Double]) -> [(tp: Int, fp: Int)] {
    let all = (positive.map { ($0, true) } + negative.map { ($0, false) }).sorted { $0.0 > $1.0 }
    var result: [(tp: Int, fp: Int)] = []
    var tp = 0
    var fp = 0
    for (i, entry) in all.enumerated() {
      if entry.1 { tp += 1 } else { fp += 1 }
      if i + 1 == all.count || all[i + 1].0 != entry.0 { result.append((tp, fp)) }
    }
    return result
  }
}
