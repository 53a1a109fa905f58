extension RandomGenerator {
  /// A uniformly distributed integer in `0..<n`, without modulo bias.
  ///
  /// Lemire's multiply-and-reject method: with x a random 64-bit word, `(x · n) >> 64` is
  /// returned unless the low half of the product falls in the biased sliver below
  /// `2⁶⁴ mod n`, in which case a new word is drawn. Each call consumes one ``next()`` except
  /// with probability < n / 2⁶⁴.
  ///
  /// - Precondition: `n > 0`.
  ///
  /// References: D. Lemire, "Fast random integer generation in an interval", ACM TOMACS 2019.
  @inlinable
  public mutating func uniformInt(below n: Int) -> Int {
    precondition(n > 0, "uniformInt(below:) needs a positive bound, got \(n)")
    let bound = UInt64(n)
    var product = next().multipliedFullWidth(by: bound)
    if product.low < bound {
      let threshold = (0 &- bound) % bound
      while product.low < threshold {
        product = next().multipliedFullWidth(by: bound)
      }
    }
    return Int(product.high)
  }

  /// A uniformly random permutation of `0..<n`, by the Fisher–Yates shuffle.
  ///
  /// ```
  /// a = [0, 1, ..., n−1];  for i = n−1 down to 1: swap a[i], a[uniformInt(below: i + 1)]
  /// ```
  ///
  /// - Precondition: `n >= 0`.
  /// - Complexity: O(n).
  public mutating func permutation(_ n: Int) -> [Int] {
    precondition(n >= 0, "permutation(_:) needs n >= 0, got \(n)")
    var result = Array(0..<n)
    var i = n - 1
    while i > 0 {
      result.swapAt(i, uniformInt(below: i + 1))
      i -= 1
    }
    return result
  }

  /// An index drawn with probability proportional to `probabilities[i]`.
  ///
  /// The weights need not sum to 1: index i is drawn with probability pᵢ / Σⱼ pⱼ, by inverting
  /// the cumulative sum (accumulated in `Double`) at `u · Σⱼ pⱼ`, u = ``nextDouble()``. Indices
  /// with zero weight are never drawn. Consumes one ``next()``.
  ///
  /// - Precondition: the weights are finite and non-negative, with a positive sum.
  /// - Complexity: O(k) for k weights.
  public mutating func categorical(probabilities: [Float]) -> Int {
    let cumulative = Self.cumulativeWeights(probabilities)
    return Self.invert(cumulative, at: nextDouble() * cumulative[cumulative.count - 1])
  }

  /// `count` independent indices, each drawn with probability proportional to
  /// `probabilities[i]` (see ``categorical(probabilities:)``).
  ///
  /// Gives the same indices as `count` calls of ``categorical(probabilities:)``.
  ///
  /// - Precondition: the weights are finite and non-negative, with a positive sum;
  ///   `count >= 0`.
  /// - Complexity: O(k + count · log k) for k weights.
  public mutating func categorical(_ probabilities: [Float], count: Int) -> [Int] {
    precondition(count >= 0, "categorical(_:count:) needs count >= 0, got \(count)")
    let cumulative = Self.cumulativeWeights(probabilities)
    let total = cumulative[cumulative.count - 1]
    var result = [Int]()
    result.reserveCapacity(count)
    for _ in 0..<count {
      result.append(Self.invert(cumulative, at: nextDouble() * total))
    }
    return result
  }

  /// Running sums of the weights, checked.
  static func cumulativeWeights(_ weights: [Float]) -> [Double] {
    precondition(!weights.isEmpty, "categorical sampling needs at least one weight")
    var cumulative = [Double]()
    cumulative.reserveCapacity(weights.count)
    var sum = 0.0
    for (index, weight) in weights.enumerated() {
      precondition(
        weight.isFinite && weight >= 0,
        "categorical weights must be finite and non-negative; weight \(index) is \(weight)")
      sum += Double(weight)
      cumulative.append(sum)
    }
    precondition(sum > 0, "categorical weights must have a positive sum, got all zeros")
    return cumulative
  }

  /// The first index whose cumulative weight exceeds `target`; `target` is clamped below the
  /// total, so rounding can never select a trailing zero-weight index.
  static func invert(_ cumulative: [Double], at value: Double) -> Int {
    let target = min(value, cumulative[cumulative.count - 1].nextDown)
    var low = 0
    var high = cumulative.count - 1
    while low < high {
      let middle = (low + high) / 2
      if cumulative[middle] > target {
        high = middle
      } else {
        low = middle + 1
      }
    }
    return low
  }
}
