import Foundation

/// A seeded, splittable, counter-based random number generator (Philox4x32-10).
///
/// Each 128-bit block of output is a keyed bijection of a 128-bit counter:
///
/// ```
/// block(n) = Philox4x32-10(key, counter = (n, stream))      // 4 × UInt32 = 2 × UInt64
/// ```
///
/// The 64-bit `key` comes from the seed, the low 64 counter bits number the blocks and the high
/// 64 bits name the stream. So the whole state is a handful of integers (see ``state``), two
/// generators with different keys or streams never share output, and a generator can hand out
/// independent children either by index (``forked(stream:)``, which leaves the parent alone) or
/// by advancing itself (``split()``). There is no global generator: every random draw in the
/// package takes a generator `inout`, so the same seed gives the same numbers on every run,
/// whatever the thread count.
///
/// ```swift
/// var rng = RandomGenerator(seed: 42)
/// let noise = Tensor.normal([32, 2], mean: 0, std: 1, using: &rng)
/// var chain = rng.forked(stream: 3)          // per-chain stream, parent unchanged
/// let u = chain.nextFloat()                  // in [0, 1)
/// ```
///
/// The generator also conforms to `RandomNumberGenerator`, so `Float.random(in:using:)`,
/// `shuffled(using:)` and friends accept it; their exact output is the standard library's
/// business, so code that must be bit-reproducible across toolchains should prefer the
/// methods defined here (``uniformInt(below:)``, ``permutation(_:)``, ...).
///
/// - Complexity: ``next()`` is amortised O(1): one Philox block (ten rounds of two 32×32→64-bit
///   multiplies) per two outputs.
///
/// References: J. K. Salmon, M. A. Moraes, R. O. Dror, D. E. Shaw, "Parallel random numbers: as
/// easy as 1, 2, 3", SC 2011 (the Random123 library, whose known-answer vectors the tests check).
public struct RandomGenerator: RandomNumberGenerator, Sendable, Equatable {
  /// The Philox key, derived from the seed (`key = seed`).
  @usableFromInline var key: UInt64
  /// The stream identifier: the high 64 bits of the Philox counter.
  @usableFromInline var stream: UInt64
  /// The index of the next block to compute: the low 64 bits of the Philox counter.
  @usableFromInline var blockIndex: UInt64
  /// The current block's two outputs.
  @usableFromInline var buffer: (UInt64, UInt64)
  /// How many outputs of `buffer` have been handed out (0, 1 or 2; 2 means "compute a block").
  @usableFromInline var used: UInt64
  /// The second value of the last Box–Muller pair drawn by ``nextNormal()``, if unused.
  @usableFromInline var spareNormal: Float?

  /// A generator whose stream is determined by `seed`.
  ///
  /// The Philox key is the seed itself and the stream is 0, so `RandomGenerator(seed: s)`
  /// produces Philox4x32-10 blocks for key `s` and counters 0, 1, 2, ... in order.
  ///
  /// - Parameter seed: Any 64-bit value; different seeds give independent streams.
  public init(seed: UInt64) {
    self.init(key: seed, stream: 0)
  }

  /// A generator at the start of the given key and stream.
  @usableFromInline init(key: UInt64, stream: UInt64) {
    self.key = key
    self.stream = stream
    self.blockIndex = 0
    self.buffer = (0, 0)
    self.used = 2
    self.spareNormal = nil
  }

  /// Two generators are equal when their ``state``s are: they will produce the same numbers.
  public static func == (lhs: RandomGenerator, rhs: RandomGenerator) -> Bool {
    lhs.state == rhs.state
  }

  // MARK: Raw output

  /// The next 64 uniformly distributed random bits.
  @inlinable
  public mutating func next() -> UInt64 {
    if used >= 2 {
      buffer = Self.philoxBlock(key: key, counterLow: blockIndex, counterHigh: stream)
      blockIndex &+= 1
      used = 0
    }
    used += 1
    return used == 1 ? buffer.0 : buffer.1
  }

  /// This generator moved on by `words` outputs of ``next()``, without computing the skipped
  /// blocks: Philox is counter-based, so the position is just an index. The spare normal is kept.
  ///
  /// `g.advanced(by: k).next()` equals the (k+1)-th `g.next()`; this is what lets a large draw
  /// be split over threads with the same numbers as one sequential pass.
  ///
  /// - Complexity: O(1) (at most one block is computed).
  public func advanced(by words: Int) -> RandomGenerator {
    precondition(words >= 0, "RandomGenerator.advanced(by:) needs words >= 0, got \(words)")
    var copy = self
    var remaining = UInt64(words)
    // Outputs still in the buffered block.
    let buffered = min(remaining, 2 - copy.used)
    copy.used += buffered
    remaining -= buffered
    guard remaining > 0 else { return copy }
    copy.blockIndex &+= remaining / 2
    if remaining % 2 == 1 {
      copy.buffer = Self.philoxBlock(key: copy.key, counterLow: copy.blockIndex, counterHigh: copy.stream)
      copy.blockIndex &+= 1
      copy.used = 1
    }
    return copy
  }

  /// A uniformly distributed `Float` in [0, 1), on a grid of 2⁻²⁴ (all 24 mantissa bits random).
  ///
  /// ```
  /// u = ⌊next() / 2⁴⁰⌋ · 2⁻²⁴
  /// ```
  @inlinable
  public mutating func nextFloat() -> Float {
    Float(next() >> 40) * 0x1p-24
  }

  /// A uniformly distributed `Double` in [0, 1), on a grid of 2⁻⁵³.
  ///
  /// ```
  /// u = ⌊next() / 2¹¹⌋ · 2⁻⁵³
  /// ```
  @inlinable
  public mutating func nextDouble() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// A standard normal variate, N(0, 1), by the Box–Muller transform.
  ///
  /// One ``next()`` yields a pair (see ``normalPair(_:)``); the second value of the pair is
  /// kept and returned by the following call (it is part of ``state``, so checkpoints resume
  /// exactly).
  @inlinable
  public mutating func nextNormal() -> Float {
    if let spare = spareNormal {
      spareNormal = nil
      return spare
    }
    let (z0, z1) = Self.normalPair(next())
    spareNormal = z1
    return z0
  }

  // MARK: Children

  /// A child generator, derived from this one's current output, after which this generator
  /// has advanced by two outputs.
  ///
  /// The child's key and stream are the parent's next two outputs, so splitting repeatedly
  /// gives a tree of generators whose streams are, with overwhelming probability, disjoint.
  public mutating func split() -> RandomGenerator {
    let childKey = next()
    let childStream = next()
    return RandomGenerator(key: childKey, stream: childStream)
  }

  /// The child generator with the given index, without advancing this generator.
  ///
  /// The child's key is a hash (SplitMix64 finaliser) of this generator's complete state,
  /// and its stream is `stream`: so children of one parent state with different indices have
  /// disjoint Philox counters, and the same parent state and index always give the same child.
  /// Useful for one stream per seed, per chain or per data-loader worker.
  ///
  /// - Parameter stream: The child's index.
  public func forked(stream index: UInt64) -> RandomGenerator {
    var hash: UInt64 = 0x6A09_E667_F3BC_C908  // domain separation from `split()`
    for word in state {
      hash = Self.mix64(hash ^ Self.mix64(word &+ 0x9E37_79B9_7F4A_7C15))
    }
    return RandomGenerator(key: hash, stream: index)
  }

  // MARK: State

  /// The complete state as six words, for checkpoints.
  ///
  /// Layout: `[key, stream, blockIndex, used, hasSpareNormal, spareNormalBits]`. Restoring it
  /// with ``init(state:)`` gives a generator that continues bit-identically.
  public var state: [UInt64] {
    [
      key, stream, blockIndex, used,
      spareNormal == nil ? 0 : 1,
      UInt64(spareNormal?.bitPattern ?? 0),
    ]
  }

  /// A generator continuing exactly where the one whose ``state`` was captured left off.
  ///
  /// Returns `nil` when `state` is not six words, or describes an impossible position (an
  /// output count above 2, a spare flag other than 0 or 1, a spare-normal pattern wider than
  /// 32 bits, or a buffered block at block index 0).
  public init?(state: [UInt64]) {
    guard state.count == 6, state[3] <= 2, state[4] <= 1, state[5] <= UInt64(UInt32.max)
    else { return nil }
    if state[4] == 0 && state[5] != 0 { return nil }
    self.init(key: state[0], stream: state[1])
    blockIndex = state[2]
    used = state[3]
    if used < 2 {
      // The buffered block is the one before `blockIndex`: recompute it.
      guard blockIndex > 0 else { return nil }
      buffer = Self.philoxBlock(key: key, counterLow: blockIndex &- 1, counterHigh: stream)
    }
    if state[4] == 1 {
      spareNormal = Float(bitPattern: UInt32(truncatingIfNeeded: state[5]))
    }
  }

  // MARK: Kernels

  /// The Philox4x32-10 block for a 64-bit key and a 128-bit counter, as two 64-bit words.
  ///
  /// The 32-bit words are `key = (k₀, k₁) = (low, high)`, `counter = (c₀, c₁, c₂, c₃)` with
  /// `(c₀, c₁)` the low and `(c₂, c₃)` the high half; the outputs `(x₀, x₁, x₂, x₃)` are returned
  /// as `(x₁·2³² + x₀, x₃·2³² + x₂)`. Each of the ten rounds is
  ///
  /// ```
  /// (h₀, l₀) = 0xD2511F53 · c₀,  (h₁, l₁) = 0xCD9E8D57 · c₂      // 64-bit products
  /// c = (h₁ ⊕ c₁ ⊕ k₀, l₁, h₀ ⊕ c₃ ⊕ k₁, l₀)
  /// k = (k₀ + 0x9E3779B9, k₁ + 0xBB67AE85)                     // between rounds, mod 2³²
  /// ```
  @inlinable
  static func philoxBlock(key: UInt64, counterLow: UInt64, counterHigh: UInt64) -> (UInt64, UInt64)
  {
    var c0 = UInt32(truncatingIfNeeded: counterLow)
    var c1 = UInt32(truncatingIfNeeded: counterLow >> 32)
    var c2 = UInt32(truncatingIfNeeded: counterHigh)
    var c3 = UInt32(truncatingIfNeeded: counterHigh >> 32)
    var k0 = UInt32(truncatingIfNeeded: key)
    var k1 = UInt32(truncatingIfNeeded: key >> 32)
    for round in 0..<10 {
      if round > 0 {
        k0 &+= 0x9E37_79B9
        k1 &+= 0xBB67_AE85
      }
      let p0 = UInt64(0xD251_1F53) &* UInt64(c0)
      let p1 = UInt64(0xCD9E_8D57) &* UInt64(c2)
      let h0 = UInt32(truncatingIfNeeded: p0 >> 32)
      let l0 = UInt32(truncatingIfNeeded: p0)
      let h1 = UInt32(truncatingIfNeeded: p1 >> 32)
      let l1 = UInt32(truncatingIfNeeded: p1)
      c0 = h1 ^ c1 ^ k0
      c1 = l1
      c2 = h0 ^ c3 ^ k1
      c3 = l0
    }
    return (UInt64(c1) << 32 | UInt64(c0), UInt64(c3) << 32 | UInt64(c2))
  }

  /// Two independent N(0, 1) values from 64 random bits, by the Box–Muller transform.
  ///
  /// ```
  /// u₁ = (hi32 + ½) · 2⁻³² ∈ (0, 1],   u₂ = ⌊lo32 / 2⁸⌋ · 2⁻²⁴ ∈ [0, 1)
  /// r = √(−2 ln u₁),  θ = 2π u₂,  (z₀, z₁) = (r cos θ, r sin θ)
  /// ```
  ///
  /// `u₁` never reaches 0, so the result is always finite (|z| < 6.8).
  @inlinable
  static func normalPair(_ bits: UInt64) -> (Float, Float) {
    let u1 = (Float(UInt32(truncatingIfNeeded: bits >> 32)) + 0.5) * 0x1p-32
    let u2 = Float(UInt32(truncatingIfNeeded: bits) >> 8) * 0x1p-24
    let radius = (-2 * log(u1)).squareRoot()
    let angle = 2 * Float.pi * u2
    return (radius * cos(angle), radius * sin(angle))
  }

  /// The SplitMix64 finaliser: a bijective 64-bit mixing function.
  @inlinable
  static func mix64(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
