import Foundation
import Testing
import Tasks
import Tensors
import EBMProtocols

@Suite struct OODMetricsTests {
  /// OOD positive: pairs (out, in) with out > in count 1, ties ½: out 2 vs {1, 2, 3} gives
  /// 1 + ½ + 0, out 4 gives 3; AUROC = 4.5 / 6.
  @Test func aurocCountsTiesAsOneHalf() throws {
    #expect(Swift.abs(try OODMetrics.auroc(inlier: [1, 2, 3], outlier: [2, 4]) - 0.75) < 1e-12)
    #expect(try OODMetrics.auroc(inlier: [0, 1], outlier: [2, 3]) == 1)
    #expect(try OODMetrics.auroc(inlier: [2, 3], outlier: [0, 1]) == 0)
    #expect(try OODMetrics.auroc(inlier: [1, 1], outlier: [1]) == 0.5)
  }

  /// Thresholds from the top: 4 (tp 1, fp 0: R ½, P 1), 3 (R ½), 2 (tied ID and OOD: tp 2,
  /// fp 2: R 1, P ½). AP = ½·1 + ½·½ = 0.75 (scikit-learn's step sum).
  @Test func averagePrecisionIsTheStepSumOverDistinctThresholds() throws {
    #expect(Swift.abs(try OODMetrics.averagePrecision(inlier: [1, 2, 3], outlier: [2, 4]) - 0.75) < 1e-12)
    #expect(try OODMetrics.averagePrecision(inlier: [0, 1], outlier: [2, 3]) == 1)
    // All tied: one threshold, P = 2/4.
    #expect(try OODMetrics.averagePrecision(inlier: [1, 1], outlier: [1, 1]) == 0.5)
  }

  /// 20 ID scores 0…19 (ID positive: lower score = more ID) and OOD at 5.5, 18.5, 18.6, 30,
  /// 31. TPR 19/20 = 95 % holds at the thresholds just after 18 (1 OOD accepted), 18.5 (2)
  /// and 18.6 (3): the energy_ood convention takes the worst, 3/5; the best is 1/5.
  @Test func fpr95TakesTheWorstFPRAmongThresholdsWithTheSameTPR() throws {
    let inlier = (0..<20).map(Double.init)
    let outlier = [5.5, 18.5, 18.6, 30, 31]
    let fpr = try OODMetrics.fprAtRecall(inlier: inlier, outlier: outlier)
    #expect(fpr.worst == 0.6)
    #expect(fpr.best == 0.2)
  }

  @Test func fpr95GroupsTiedIDAndOODScores() throws {
    // OOD tied with the 19th ID score is accepted together with it: the only threshold at
    // TPR 95 % admits 2 of 4 OOD.
    let inlier = (0..<20).map(Double.init)
    let fpr = try OODMetrics.fprAtRecall(inlier: inlier, outlier: [3, 18, 40, 41])
    #expect(fpr.worst == 0.5 && fpr.best == 0.5)
    // Perfect separation: FPR 0.
    #expect(try OODMetrics.fprAtRecall(inlier: inlier, outlier: [50, 60]).worst == 0)
  }

  @Test func fpr95PicksTheClosestTPRAndFPR95MinTheFirstTPRAtLeast95() throws {
    // 10 ID: recalls step by 0.1, so no threshold has TPR 0.95. energy_ood takes the closest:
    // 0.9 and 1.0 are equally far in exact arithmetic, but in binary |0.9 − 0.95| <
    // |1.0 − 0.95|, so numpy's argmin (and we) take TPR 0.9: the thresholds after ID score 8
    // (0 OOD accepted) and at OOD 8.5 (1 accepted); the worst is 1/2.
    // The reference rule needs TPR ≥ 0.95: the highest such threshold is ID score 9 (TPR 1),
    // which has accepted OOD 8.5: FPR 1/2, not the 0 a TPR of 0.9 would give.
    let inlier = (0..<10).map(Double.init)
    let fpr = try OODMetrics.fprAtRecall(inlier: inlier, outlier: [8.5, 20])
    #expect(Swift.abs(0.9 - 0.95) < Swift.abs(1.0 - 0.95))
    #expect(fpr.worst == 0.5)
    #expect(fpr.best == 0.5)
  }

  /// Ties across the 95 % line: 20 ID scores where the 19th and 20th tie at 18, and OOD 17.5
  /// and 18. ID-positive thresholds (lower score first): after 17 TPR 18/20 = 0.9 (fp 0); at
  /// 17.5 (fp 1); at 18 both remaining ID and the OOD at 18 enter together: TPR 1, fp 2. No
  /// threshold has TPR exactly 0.95, so the reference rule takes TPR 1: FPR 2/4; energy_ood's
  /// closest TPR is 0.9 (|0.9−0.95| < |1−0.95| in binary), whose worst FPR is 1/4.
  @Test func fpr95WithTiesAcrossTheLine() throws {
    let inlier = (0..<18).map(Double.init) + [18, 18]
    let fpr = try OODMetrics.fprAtRecall(inlier: inlier, outlier: [17.5, 18, 40, 50])
    #expect(fpr.best == 0.5)
    #expect(fpr.worst == 0.25)
  }

  /// TPR exactly 0.95 is reached (19 of 20; 0.95 is not exact in binary, and 19/20 must still
  /// count): the reference FPR is the one at that first threshold.
  @Test func fpr95MinCountsNineteenOfTwentyAsNinetyFivePercent() throws {
    let inlier = (0..<20).map(Double.init)
    let fpr = try OODMetrics.fprAtRecall(inlier: inlier, outlier: [18.5, 19.5, 30, 31])
    // After ID 18: TPR 0.95, fp 0. Then OOD 18.5 (fp 1), ID 19 (TPR 1).
    #expect(fpr.best == 0)
    #expect(fpr.worst == 0.25)
  }

  @Test func nanScoresAreRefused() throws {
    #expect(throws: EBMError.self) { try OODMetrics.auroc(inlier: [.nan, .nan], outlier: [.nan]) }
    #expect(throws: EBMError.self) { try OODMetrics.auroc(inlier: [1, 2], outlier: [.nan]) }
    #expect(throws: EBMError.self) { try OODMetrics.averagePrecision(inlier: [.nan], outlier: [1]) }
    #expect(throws: EBMError.self) { try OODMetrics.fprAtRecall(inlier: [1, .nan], outlier: [2]) }
    // Infinities order as usual.
    #expect(try OODMetrics.auroc(inlier: [-.infinity, 0], outlier: [.infinity]) == 1)
  }

  @Test func scoresMatchTheirDefinitions() {
    let logits: [Double] = [1, 2, 3]
    let energies = Tensor(shape: [1, 3], scalars: logits.map { Float(-$0) })
    let lse = Foundation.log(logits.map { Foundation.exp($0) }.reduce(0, +))
    let lse2 = Foundation.log(logits.map { Foundation.exp($0 / 2) }.reduce(0, +))
    #expect(Swift.abs(OODScore.msp.scores(labelEnergies: energies)[0] + Foundation.exp(3 - lse)) < 1e-6)
    #expect(Swift.abs(OODScore.energy(temperature: 1).scores(labelEnergies: energies)[0] + lse) < 1e-6)
    #expect(Swift.abs(OODScore.energy(temperature: 2).scores(labelEnergies: energies)[0] + 2 * lse2) < 1e-6)
    #expect(OODScore.maxLogit.scores(labelEnergies: energies)[0] == -3)
  }
}
