import EBMProtocols
import Foundation
import Tensors

/// Makes a long-tailed subset of a labelled set with the exponential profile of CIFAR-LT
/// (Cao et al., 2019; the Balanced_Energy code's `IMBALANCECIFAR`):
///
/// ```
/// n_c = ⌊ n_max · ρ^(−c / (C − 1)) ⌋,   c = 0 … C − 1,  ρ = imbalance ratio = n_0 / n_{C−1}
/// ```
///
/// Class c keeps the first n_c of its examples after a seeded permutation (so the head class
/// is class 0). With n_max = 120, ρ = 10, C = 6 this gives 120, 75, 47, 30, 19, 12, the
/// `ood-digits` training set's counts.
public struct LongTailedSubsampler: Sendable {
  /// ρ = n_max / n_min ≥ 1.
  public var imbalanceRatio: Double
  /// n_max, the head class's count.
  public var maxPerClass: Int

  /// - Throws: ``EBMError/invalidOption(component:option:reason:)`` for ρ < 1 or n_max < 1.
  public init(imbalanceRatio: Double, maxPerClass: Int) throws {
    guard imbalanceRatio >= 1, imbalanceRatio.isFinite else {
      throw EBMError.invalidOption(component: "long-tailed subsampler", option: "imbalance-ratio", reason: "must be ≥ 1, got \(imbalanceRatio)")
    }
    guard maxPerClass >= 1 else {
      throw EBMError.invalidOption(component: "long-tailed subsampler", option: "max-per-class", reason: "must be ≥ 1, got \(maxPerClass)")
    }
    self.imbalanceRatio = imbalanceRatio
    self.maxPerClass = maxPerClass
  }

  /// n_c for `classCount` classes.
  public func counts(classCount: Int) -> [Int] {
    guard classCount > 1 else { return [maxPerClass] }
    return (0..<classCount).map { c in
      Int(Double(maxPerClass) * Foundation.pow(1 / imbalanceRatio, Double(c) / Double(classCount - 1)))
    }
  }

  /// Indices of the long-tailed subset of `labels` (classes 0 … classCount − 1), class by
  /// class in order of the seeded permutation.
  /// - Throws: ``EBMError/invalid(_:)`` when a class has fewer examples than it needs.
  public func indices(labels: [Int], classCount: Int, using rng: inout RandomGenerator) throws -> [Int] {
    let order = rng.permutation(labels.count)
    var byClass = [[Int]](repeating: [], count: classCount)
    for i in order where labels[i] >= 0 && labels[i] < classCount { byClass[labels[i]].append(i) }
    var result: [Int] = []
    for (c, n) in counts(classCount: classCount).enumerated() {
      guard byClass[c].count >= n else {
        throw EBMError.invalid("long-tailed subsampler: class \(c) has \(byClass[c].count) examples, but needs \(n); lower max-per-class")
      }
      result += byClass[c].prefix(n)
    }
    return result
  }
}
