import Foundation
import Testing

@testable import Tensors

@Suite struct RandomGeneratorTests {
  /// Mean and (population) variance in Double.
  private func moments(_ values: [Float]) -> (mean: Double, variance: Double) {
    let n = Double(values.count)
    let mean = values.reduce(0.0) { $0 + Double($1) } / n
    let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
    return (mean, variance)
  }

  // MARK: The Philox kernel

  @Test func philoxMatchesRandom123KnownAnswers() {
    // Random123 kat_vectors for philox4x32_10: counter words c0..c3, key words k0, k1.
    let cases: [(counter: [UInt32], key: [UInt32], expected: [UInt32])] = [
      ([0, 0, 0, 0], [0, 0], [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8]),
      (
        [0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff], [0xffff_ffff, 0xffff_ffff],
        [0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd]
      ),
      (
        [0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344], [0xa409_3822, 0x299f_31d0],
        [0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1]
      ),
    ]
    for (counter, key, expected) in cases {
      let block = RandomGenerator.philoxBlock(
        key: UInt64(key[1]) << 32 | UInt64(key[0]),
        counterLow: UInt64(counter[1]) << 32 | UInt64(counter[0]),
        counterHigh: UInt64(counter[3]) << 32 | UInt64(counter[2]))
      #expect(block.0 == UInt64(expected[1]) << 32 | UInt64(expected[0]))
      #expect(block.1 == UInt64(expected[3]) << 32 | UInt64(expected[2]))
    }
  }

  @Test func seedZeroStartsWithTheFirstKnownAnswerBlock() {
    var rng = RandomGenerator(seed: 0)
    #expect(rng.next() == 0xe169_c58d_6627_e8d5)
    #expect(rng.next() == 0x9b00_dbd8_bc57_ac4c)
  }

  // MARK: Reproducibility and streams

  @Test func sameSeedGivesSameNumbers() {
    var a = RandomGenerator(seed: 12345)
    var b = RandomGenerator(seed: 12345)
    for _ in 0..<1000 { #expect(a.next() == b.next()) }
    #expect(a.nextNormal() == b.nextNormal())
    let ta = Tensor.normal([7, 3], using: &a)
    let tb = Tensor.normal([7, 3], using: &b)
    #expect(ta.scalars == tb.scalars)
  }

  @Test func differentSeedsGiveDifferentNumbers() {
    var a = RandomGenerator(seed: 1)
    var b = RandomGenerator(seed: 2)
    let xs = (0..<64).map { _ in a.next() }
    let ys = (0..<64).map { _ in b.next() }
    #expect(Set(xs).isDisjoint(with: ys))
  }

  @Test func forkedStreamsAreDeterministicDistinctAndLeaveTheParentAlone() {
    var parent = RandomGenerator(seed: 7)
    _ = parent.next()
    let before = parent
    var c1 = parent.forked(stream: 1)
    var c1Again = parent.forked(stream: 1)
    var c2 = parent.forked(stream: 2)
    #expect(parent == before)
    let s1 = (0..<256).map { _ in c1.next() }
    let s1Again = (0..<256).map { _ in c1Again.next() }
    let s2 = (0..<256).map { _ in c2.next() }
    var parentCopy = parent
    let sParent = (0..<256).map { _ in parentCopy.next() }
    #expect(s1 == s1Again)
    #expect(Set(s1).isDisjoint(with: s2))
    #expect(Set(s1).isDisjoint(with: sParent))
  }

  @Test func splitAdvancesTheParentAndGivesFreshChildren() {
    var parent = RandomGenerator(seed: 99)
    let before = parent
    var child1 = parent.split()
    #expect(parent != before)
    var child2 = parent.split()
    let s1 = (0..<256).map { _ in child1.next() }
    let s2 = (0..<256).map { _ in child2.next() }
    let sParent = (0..<256).map { _ in parent.next() }
    #expect(Set(s1).isDisjoint(with: s2))
    #expect(Set(s1).isDisjoint(with: sParent))
    // Splitting is itself reproducible.
    var replay = before
    var replayChild = replay.split()
    #expect((0..<256).map { _ in replayChild.next() } == s1)
  }

  // MARK: State capture

  @Test func stateRoundTripContinuesBitIdentically() throws {
    var rng = RandomGenerator(seed: 2024)
    _ = rng.next()  // mid-block
    _ = rng.nextNormal()  // leaves a spare normal
    let saved = rng.state
    let restored = try #require(RandomGenerator(state: saved))
    #expect(restored == rng)
    var a = rng
    var b = restored
    #expect(a.nextNormal().bitPattern == b.nextNormal().bitPattern)
    for _ in 0..<10 { #expect(a.next() == b.next()) }
    #expect(Tensor.uniform([5], using: &a).scalars == Tensor.uniform([5], using: &b).scalars)
  }

  @Test func codableRoundTrip() throws {
    var rng = RandomGenerator(seed: 5)
    _ = rng.next()
    _ = rng.nextNormal()
    let data = try JSONEncoder().encode(rng)
    var decoded = try JSONDecoder().decode(RandomGenerator.self, from: data)
    #expect(decoded == rng)
    #expect(decoded.next() == rng.next())
  }

  @Test func invalidStatesAreRejected() {
    #expect(RandomGenerator(state: []) == nil)
    #expect(RandomGenerator(state: [1, 2, 3, 4, 5]) == nil)
    #expect(RandomGenerator(state: [1, 0, 5, 3, 0, 0]) == nil)  // used > 2
    #expect(RandomGenerator(state: [1, 0, 5, 1, 2, 0]) == nil)  // spare flag > 1
    #expect(RandomGenerator(state: [1, 0, 0, 1, 0, 0]) == nil)  // buffered block before block 0
    #expect(RandomGenerator(state: [1, 0, 5, 1, 1, 1 << 40]) == nil)  // spare wider than 32 bits
    #expect(throws: DecodingError.self) {
      _ = try JSONDecoder().decode(RandomGenerator.self, from: Data("[1, 2]".utf8))
    }
  }

  // MARK: Scalar draws

  @Test func unitDrawsStayInRange() {
    var rng = RandomGenerator(seed: 3)
    for _ in 0..<10_000 {
      let f = rng.nextFloat()
      let d = rng.nextDouble()
      #expect(f >= 0 && f < 1)
      #expect(d >= 0 && d < 1)
    }
  }

  @Test func normalMomentsOf200kDraws() {
    var rng = RandomGenerator(seed: 42)
    let n = 200_000
    let values = (0..<n).map { _ in rng.nextNormal() }
    let (mean, variance) = moments(values)
    let fourth = values.reduce(0.0) { $0 + pow(Double($1) - mean, 4) } / Double(n)
    // Standard errors: mean 1/√n, variance √(2/n), kurtosis √(24/n); allow five of each.
    #expect(abs(mean) < 5 / Double(n).squareRoot())
    #expect(abs(variance - 1) < 5 * (2 / Double(n)).squareRoot())
    #expect(abs(fourth / (variance * variance) - 3) < 5 * (24 / Double(n)).squareRoot())
    #expect(values.allSatisfy { $0.isFinite })
  }

  @Test func tensorNormalHasTheRequestedMeanAndStd() {
    var rng = RandomGenerator(seed: 8)
    let n = 200_000
    let t = Tensor.normal([n / 100, 100], mean: 2, std: 3, using: &rng)
    #expect(t.shape == [n / 100, 100])
    let (mean, variance) = moments(t.scalars)
    #expect(abs(mean - 2) < 5 * 3 / Double(n).squareRoot())
    #expect(abs(variance - 9) < 5 * 9 * (2 / Double(n)).squareRoot())
  }

  @Test func tensorDrawsConsumeOneWordPerPair() {
    var a = RandomGenerator(seed: 11)
    var b = a
    _ = Tensor.normal([5], using: &a)
    _ = Tensor.uniform([2, 3], using: &a)
    _ = Tensor.bernoulli([1], probability: 0.5, using: &a)
    for _ in 0..<(3 + 3 + 1) { _ = b.next() }
    #expect(a == b)
  }

  @Test func uniformMomentsAndBounds() {
    var rng = RandomGenerator(seed: 17)
    let n = 200_000
    let t = Tensor.uniform([n], low: -1, high: 3, using: &rng)
    #expect(t.scalars.allSatisfy { $0 >= -1 && $0 < 3 })
    let (mean, variance) = moments(t.scalars)
    // U(a, b): mean (a + b)/2 = 1, variance (b − a)²/12 = 4/3, fourth central moment
    // (b − a)⁴/80, so the variance estimate has standard error √((256/80 − 16/9)/n).
    #expect(abs(mean - 1) < 5 * (4.0 / 3 / Double(n)).squareRoot())
    #expect(abs(variance - 4.0 / 3) < 5 * ((256.0 / 80 - 16.0 / 9) / Double(n)).squareRoot())
  }

  @Test func bernoulliRate() {
    var rng = RandomGenerator(seed: 23)
    let n = 100_000
    let p = 0.3
    let t = Tensor.bernoulli([n], probability: Float(p), using: &rng)
    #expect(t.scalars.allSatisfy { $0 == 0 || $0 == 1 })
    let rate = t.scalars.reduce(0.0) { $0 + Double($1) } / Double(n)
    #expect(abs(rate - p) < 5 * (p * (1 - p) / Double(n)).squareRoot())
    #expect(Tensor.bernoulli([100], probability: 0, using: &rng).scalars.allSatisfy { $0 == 0 })
    #expect(Tensor.bernoulli([100], probability: 1, using: &rng).scalars.allSatisfy { $0 == 1 })
  }

  // MARK: Discrete draws

  @Test func categoricalFrequencies() {
    var rng = RandomGenerator(seed: 31)
    let weights: [Float] = [1, 2, 0, 7]  // unnormalised: probabilities 0.1, 0.2, 0, 0.7
    let n = 100_000
    let draws = rng.categorical(weights, count: n)
    var counts = [Int](repeating: 0, count: weights.count)
    for index in draws { counts[index] += 1 }
    #expect(counts[2] == 0)
    for (index, p) in [0.1, 0.2, 0.0, 0.7].enumerated() {
      let frequency = Double(counts[index]) / Double(n)
      #expect(abs(frequency - p) < 5 * (p * (1 - p) / Double(n)).squareRoot() + 1e-12)
    }
  }

  @Test func batchedCategoricalMatchesSingleDraws() {
    var a = RandomGenerator(seed: 37)
    var b = a
    let weights: [Float] = [0.5, 0, 0.25, 0.25]
    let batched = a.categorical(weights, count: 200)
    let single = (0..<200).map { _ in b.categorical(probabilities: weights) }
    #expect(batched == single)
    #expect(a == b)
  }

  @Test func permutationIsAPermutation() {
    var rng = RandomGenerator(seed: 41)
    for n in [0, 1, 2, 10, 1000] {
      let p = rng.permutation(n)
      #expect(p.sorted() == Array(0..<n))
    }
    let first = rng.permutation(50)
    let second = rng.permutation(50)
    #expect(first != second)
    // Every position is equally likely to hold element 0 (n = 4, 40k shuffles).
    var counts = [0, 0, 0, 0]
    for _ in 0..<40_000 {
      counts[rng.permutation(4).firstIndex(of: 0) ?? 0] += 1
    }
    for count in counts {
      #expect(abs(Double(count) / 40_000 - 0.25) < 5 * (0.25 * 0.75 / 40_000).squareRoot())
    }
  }

  @Test func uniformIntIsInRangeAndUnbiased() {
    var rng = RandomGenerator(seed: 43)
    #expect((0..<100).allSatisfy { _ in rng.uniformInt(below: 1) == 0 })
    for _ in 0..<1000 {
      let big = rng.uniformInt(below: Int.max)
      #expect(big >= 0 && big < Int.max)
    }
    let n = 60_000
    var counts = [Int](repeating: 0, count: 6)
    for _ in 0..<n { counts[rng.uniformInt(below: 6)] += 1 }
    for count in counts {
      let p = 1.0 / 6
      #expect(abs(Double(count) / Double(n) - p) < 5 * (p * (1 - p) / Double(n)).squareRoot())
    }
  }

  @Test(arguments: [0, 1, 2, 3, 7, 1000])
  func advancedMatchesDrawingTheSkippedWords(words: Int) {
    for alreadyDrawn in 0..<3 {
      var sequential = RandomGenerator(seed: 53)
      for _ in 0..<alreadyDrawn { _ = sequential.next() }
      let skipped = sequential.advanced(by: words)
      for _ in 0..<words { _ = sequential.next() }
      #expect(skipped == sequential, "drawn \(alreadyDrawn), skipped \(words)")
      var a = skipped
      var b = sequential
      #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
    }
  }

  @Test func largeNormalDrawsAreTheSameOnAnyThreadCountAndAsOnePairAtATime() {
    // Odd count above the threading threshold: parts split mid-way through the words.
    let count = 3 * 2 * Tensor.normalPairsPerThread + 5
    var reference = RandomGenerator(seed: 59)
    _ = reference.next()  // start mid-block
    var expected: [Float] = []
    var walker = reference
    while expected.count < count {
      let (z0, z1) = RandomGenerator.normalPair(walker.next())
      expected.append(0.5 + 2 * z0)
      if expected.count < count { expected.append(0.5 + 2 * z1) }
    }
    for threads in [1, 2, 3] {
      var rng = reference
      let drawn = Tensor.normal([count], mean: 0.5, std: 2, threads: threads, using: &rng)
      #expect(drawn.scalars == expected, "threads \(threads)")
      #expect(rng == walker, "threads \(threads): generator position")
    }
  }
}
