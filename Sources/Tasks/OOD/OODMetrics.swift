import EBMProtocols

/// Detection metrics of an OOD score, with the conventions of the energy_ood / Balanced_Energy
/// evaluation code (which calls scikit-learn).
///
/// Scores are "OOD-ness": higher means more likely out-of-distribution.
/// - ``auroc(inlier:outlier:)`` and ``averagePrecision(inlier:outlier:)`` treat OOD as the
///   positive class (ties count one half in AUROC; AP is scikit-learn's step-wise sum
///   Σ_n (R_n − R_{n−1}) P_n over distinct thresholds, without interpolation).
/// - ``fprAtRecall(inlier:outlier:recall:)`` treats in-distribution as positive (score −s) and
///   gives two false-positive rates (OOD accepted as ID): ``FPRAtRecall/worst`` is energy_ood's
///   `fpr_and_fdr_at_recall` (the threshold whose TPR is closest to 95 %; where several share
///   it, the code's reversed search takes the first, i.e. the worst FPR), and
///   ``FPRAtRecall/best`` is the reference evaluation's rule: the FPR at the highest threshold
///   whose TPR is at least 95 %.
///
/// Scores may be ±infinity (they order as usual) but never NaN: a NaN score has no rank, so
/// every metric throws ``EBMError/invalid(_:)`` naming how many scores are NaN.
public enum OODMetrics {
  /// Throws when any score is NaN.
  static func checkScores(_ inlier: [Double], _ outlier: [Double], metric: String) throws {
    let nanIn = inlier.lazy.filter(\.isNaN).count
    let nanOut = outlier.lazy.filter(\.isNaN).count
    guard nanIn == 0 && nanOut == 0 else {
      throw EBMError.invalid(
        "\(metric): \(nanIn) of \(inlier.count) in-distribution and \(nanOut) of \(outlier.count) OOD scores are NaN, "
          + "which have no rank. help: the model's energies diverged; retrain with a lower learning rate")
    }
  }

  /// Area under the ROC curve with OOD positive, in [0, 1]: P(s_out > s_in) + ½ P(s_out = s_in).
  /// - Throws: when a score is NaN.
  public static func auroc(inlier: [Double], outlier: [Double]) throws -> Double {
    precondition(!inlier.isEmpty && !outlier.isEmpty, "auroc needs both classes")
    try checkScores(inlier, outlier, metric: "auroc")
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
  /// - Throws: when a score is NaN.
  public static func averagePrecision(inlier: [Double], outlier: [Double]) throws -> Double {
    precondition(!outlier.isEmpty, "averagePrecision needs positives")
    try checkScores(inlier, outlier, metric: "average precision")
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
    /// The energy_ood convention (`fpr95`): among the thresholds whose TPR is closest to the
    /// level, the worst FPR. The TPR may be below the level.
    public var worst: Double
    /// The reference evaluation's rule (`fpr95_min`): the FPR at the highest threshold whose
    /// TPR is at least the level, which is the lowest FPR with TPR ≥ level.
    public var best: Double
  }

  /// The false-positive rate (fraction of OOD scored as ID) at TPR ≈ `recall`, ID positive.
  /// - Throws: when a score is NaN.
  public static func fprAtRecall(inlier: [Double], outlier: [Double], recall level: Double = 0.95) throws -> FPRAtRecall {
    precondition(!inlier.isEmpty && !outlier.isEmpty, "fprAtRecall needs both classes")
    precondition(level > 0 && level <= 1, "fprAtRecall needs a recall level in (0, 1], got \(level)")
    try checkScores(inlier, outlier, metric: "fpr at \(level) tpr")
    // ID positive with score −s, thresholds from the highest ID-ness down.
    let groups = distinctThresholds(positive: inlier.map { -$0 }, negative: outlier.map { -$0 })
    let positives = Double(inlier.count)
    // energy_ood: up to the first threshold reaching full recall, searched from there backwards.
    let lastIndex = groups.firstIndex { $0.tp == inlier.count } ?? groups.count - 1
    var bestDistance = Double.infinity
    var worstFP = 0
    for g in groups[0...lastIndex].reversed() {
      let distance = Swift.abs(Double(g.tp) / positives - level)
      if distance < bestDistance {
        bestDistance = distance
        worstFP = g.fp
      }
    }
    // Reference rule: the first (highest) threshold with TPR ≥ level. TPR = tp / P is compared
    // as tp ≥ level·P with a relative slack of 1e-12, so that 19/20 counts as 0.95 although
    // 0.95 is not exact in binary. The last threshold has TPR 1, so one always exists.
    let needed = level * positives * (1 - 1e-12)
    let first = groups.first { Double($0.tp) >= needed } ?? groups[groups.count - 1]
    let negatives = Double(outlier.count)
    return FPRAtRecall(worst: Double(worstFP) / negatives, best: Double(first.fp) / negatives)
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
