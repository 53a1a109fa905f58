import Dispatch

extension Tensor {
  /// A tensor of independent uniform draws from [low, high).
  ///
  /// ```
  /// xᵢ = low + (high − low) · uᵢ,   uᵢ = k · 2⁻²⁴,  k uniform in 0..<2²⁴
  /// ```
  ///
  /// Each ``RandomGenerator/next()`` supplies two elements (its high and low 32 bits), so a
  /// tensor of n elements consumes ⌈n/2⌉ words. Rounding that would reach `high` is pulled back
  /// to the largest `Float` below it.
  ///
  /// - Parameters:
  ///   - shape: The shape of the result.
  ///   - low: The inclusive lower bound. The default value is 0.
  ///   - high: The exclusive upper bound. The default value is 1.
  ///   - rng: The generator to draw from.
  /// - Precondition: `low < high`, both finite.
  public static func uniform(
    _ shape: [Int], low: Float = 0, high: Float = 1, using rng: inout RandomGenerator
  ) -> Tensor {
    precondition(
      low.isFinite && high.isFinite && low < high,
      "Tensor.uniform needs finite low < high, got low \(low), high \(high)")
    let count = elementCount(shape, "Tensor.uniform")
    let width = high - low
    let top = high.nextDown
    var scalars = [Float](repeating: 0, count: count)
    var index = 0
    while index < count {
      let bits = rng.next()
      scalars[index] = Swift.min(low + width * (Float(bits >> 40) * 0x1p-24), top)
      if index + 1 < count {
        scalars[index + 1] = Swift.min(
          low + width * (Float(UInt32(truncatingIfNeeded: bits) >> 8) * 0x1p-24), top)
      }
      index += 2
    }
    return Tensor(shape: shape, scalars: scalars)
  }

  /// A tensor of independent normal draws, N(mean, std²), by the Box–Muller transform.
  ///
  /// ```
  /// (z₂ₖ, z₂ₖ₊₁) = √(−2 ln u₁) · (cos 2πu₂, sin 2πu₂),   xᵢ = mean + std · zᵢ
  /// ```
  ///
  /// Each ``RandomGenerator/next()`` supplies one pair, so n elements consume ⌈n/2⌉ words (the
  /// unused half of an odd last pair is dropped); the generator's spare from
  /// ``RandomGenerator/nextNormal()`` is neither used nor changed.
  ///
  /// - Parameters:
  ///   - shape: The shape of the result.
  ///   - mean: The mean. The default value is 0.
  ///   - std: The standard deviation. The default value is 1.
  ///   - rng: The generator to draw from.
  /// - Precondition: `std >= 0`, both finite.
  public static func normal(
    _ shape: [Int], mean: Float = 0, std: Float = 1, using rng: inout RandomGenerator
  ) -> Tensor {
    precondition(
      mean.isFinite && std.isFinite && std >= 0,
      "Tensor.normal needs a finite mean and std >= 0, got mean \(mean), std \(std)")
    return normal(shape, mean: mean, std: std, threads: Gemm.defaultThreads, using: &rng)
  }

  /// ``normal(_:mean:std:using:)`` on at most `threads` threads (tests: the numbers do not
  /// depend on it).
  static func normal(
    _ shape: [Int], mean: Float, std: Float, threads: Int, using rng: inout RandomGenerator
  ) -> Tensor {
    let count = elementCount(shape, "Tensor.normal")
    let pairs = (count + 1) / 2
    // Large draws are split over threads by pair index: each part starts its own copy of the
    // generator at its first word (``RandomGenerator/advanced(by:)``), so the numbers are the
    // ones a single sequential pass gives, whatever the thread count.
    let parts = Swift.max(1, Swift.min(threads, pairs / normalPairsPerThread))
    let start = rng
    let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      initialized = count
      nonisolated(unsafe) let out = buffer.baseAddress!
      let fill: @Sendable (Int) -> Void = { part in
        let first = pairs * part / parts
        let last = pairs * (part + 1) / parts
        var generator = start.advanced(by: first)
        for pair in first..<last {
          let (z0, z1) = RandomGenerator.normalPair(generator.next())
          out[2 * pair] = mean + std * z0
          if 2 * pair + 1 < count { out[2 * pair + 1] = mean + std * z1 }
        }
      }
      if parts == 1 {
        fill(0)
      } else {
        DispatchQueue.concurrentPerform(iterations: parts, execute: fill)
      }
    }
    rng = start.advanced(by: pairs)
    return Tensor(shape: shape, scalars: scalars)
  }

  /// Fewest Box–Muller pairs worth a thread of their own in ``normal(_:mean:std:using:)``.
  static let normalPairsPerThread = 8192

  /// A tensor of independent Bernoulli draws: 1 with probability `probability`, else 0.
  ///
  /// ```
  /// xᵢ = 1 if uᵢ < p else 0,   uᵢ uniform on the 2⁻²⁴ grid of [0, 1)
  /// ```
  ///
  /// Two elements per ``RandomGenerator/next()``, as in ``uniform(_:low:high:using:)``; p = 0
  /// gives all zeros and p = 1 all ones.
  ///
  /// - Parameters:
  ///   - shape: The shape of the result.
  ///   - probability: The probability p of a 1, in [0, 1].
  ///   - rng: The generator to draw from.
  public static func bernoulli(
    _ shape: [Int], probability: Float, using rng: inout RandomGenerator
  ) -> Tensor {
    precondition(
      probability >= 0 && probability <= 1,
      "Tensor.bernoulli needs a probability in [0, 1], got \(probability)")
    let count = elementCount(shape, "Tensor.bernoulli")
    var scalars = [Float](repeating: 0, count: count)
    var index = 0
    while index < count {
      let bits = rng.next()
      scalars[index] = Float(bits >> 40) * 0x1p-24 < probability ? 1 : 0
      if index + 1 < count {
        let u = Float(UInt32(truncatingIfNeeded: bits) >> 8) * 0x1p-24
        scalars[index + 1] = u < probability ? 1 : 0
      }
      index += 2
    }
    return Tensor(shape: shape, scalars: scalars)
  }

  /// The number of elements of `shape`, checked.
  private static func elementCount(_ shape: [Int], _ caller: String) -> Int {
    var count = 1
    for extent in shape {
      precondition(extent >= 0, "\(caller): shape \(shape) has a negative extent")
      let (product, overflow) = count.multipliedReportingOverflow(by: extent)
      precondition(!overflow, "\(caller): shape \(shape) has too many elements")
      count = product
    }
    return count
  }
}
