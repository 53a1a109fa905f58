import Testing
import Tensors
import EBMProtocols
@testable import Tasks

@Suite struct Toy2DEvaluationTests {
  /// Minimum over all permutations (n ≤ 7; costs may be negative, so no pruning).
  func bruteForce(_ c: [Double], _ n: Int) -> Double {
    var best = Double.infinity
    func recurse(_ row: Int, _ used: [Bool], _ total: Double) {
      if row == n {
        best = Swift.min(best, total)
        return
      }
      for j in 0..<n where !used[j] {
        var u = used
        u[j] = true
        recurse(row + 1, u, total + c[row * n + j])
      }
    }
    recurse(0, [Bool](repeating: false, count: n), 0)
    return best
  }

  @Test func assignmentMatchesBruteForce() {
    var rng = RandomGenerator(seed: 1)
    for trial in 0..<40 {
      let n = 1 + trial % 7
      let c = (0..<(n * n)).map { _ in rng.nextDouble() * 10 - 2 }
      let (assignment, cost) = OptimalAssignment.solve(costs: c, size: n)
      #expect(Set(assignment).count == n)
      #expect(Swift.abs(assignment.enumerated().map { c[$0.offset * n + $0.element] }.reduce(0, +) - cost) < 1e-9)
      #expect(Swift.abs(cost - bruteForce(c, n)) < 1e-9, "n=\(n): \(cost) vs \(bruteForce(c, n))")
    }
  }

  @Test func w2OfAShiftedCopyIsTheShift() {
    var rng = RandomGenerator(seed: 2)
    let a = Tensor.normal([300, 2], using: &rng)
    let shift = Tensor([0.3, -0.4])
    let w = WassersteinDistance(a, a + shift, using: &rng)
    #expect(w.exact)
    #expect(Swift.abs(w.w2 - 0.5) < 1e-5)
    #expect(Swift.abs(w.w1 - 0.5) < 1e-5)
  }

  @Test func w2InOneDimensionIsSortedMatching() {
    var rng = RandomGenerator(seed: 3)
    let n = 400
    let a = Tensor.normal([n, 1], using: &rng)
    let b = Tensor.uniform([n, 1], low: -1, high: 2, using: &rng)
    let sa = a.scalars.map(Double.init).sorted()
    let sb = b.scalars.map(Double.init).sorted()
    let w2 = (zip(sa, sb).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(n)).squareRoot()
    let w1 = zip(sa, sb).map { Swift.abs($0 - $1) }.reduce(0, +) / Double(n)
    let w = WassersteinDistance(a, b, using: &rng)
    #expect(Swift.abs(w.w2 - w2) < 1e-9 * Swift.max(1, w2))
    #expect(Swift.abs(w.w1 - w1) < 1e-9 * Swift.max(1, w1))
  }

  @Test func slicedW2OfAShiftedCopyIsTheShiftOverRootTwo() {
    // Projected onto θ, the shift is θ·t; E[(θ·t)²] = ‖t‖²/2 in 2-D: sliced W2 = ‖t‖/√2 up to
    // the Monte-Carlo error over 256 directions.
    var rng = RandomGenerator(seed: 4)
    let a = Tensor.normal([2500, 2], using: &rng)
    let w = WassersteinDistance(a, a + Tensor([0.6, 0.8]), using: &rng)
    #expect(!w.exact)
    #expect(Swift.abs(w.w2 - 1 / 2.0.squareRoot()) < 0.05)
  }

  @Test func mmdIsZeroForIdenticalSetsAndGrowsWithAShift() {
    var rng = RandomGenerator(seed: 5)
    let a = Tensor.normal([200, 2], using: &rng)
    let h = MaximumMeanDiscrepancy.medianBandwidth(a)
    #expect(MaximumMeanDiscrepancy.distance(a, a, bandwidth: h) < 1e-6)
    let near = MaximumMeanDiscrepancy.distance(a, a + Tensor([0.1, 0]), bandwidth: h)
    let far = MaximumMeanDiscrepancy.distance(a, a + Tensor([1, 0]), bandwidth: h)
    #expect(near > 0 && far > 3 * near)
  }

  @Test func datasetsAreSeededAndShaped() {
    for distribution in Toy2DDistribution.allCases {
      var r1 = RandomGenerator(seed: 6)
      var r2 = RandomGenerator(seed: 6)
      let a = distribution.sample(count: 101, noise: distribution.defaultNoise, using: &r1)
      let b = distribution.sample(count: 101, noise: distribution.defaultNoise, using: &r2)
      #expect(a.shape == [101, 2] && a.scalars == b.scalars, "\(distribution)")
      #expect(a.scalars.allSatisfy { $0.isFinite && Swift.abs($0) < 6 }, "\(distribution)")
    }
  }

  @Test func eightGaussiansCoverEveryModeEvenly() {
    var rng = RandomGenerator(seed: 7)
    let points = Toy2DDistribution.eightGaussians.sample(count: 8000, noise: 0.35, using: &rng)
    let shares = ModeCoverage.shares(points, modes: Toy2DDistribution.eightGaussians.modes!)
    #expect(shares.count == 8)
    // Multinomial share 1/8 ± 5 standard errors.
    #expect(shares.allSatisfy { Swift.abs($0 - 0.125) < 5 * (0.125 * 0.875 / 8000).squareRoot() })
    #expect(Toy2DDistribution.moons.modes == nil)
  }

  @Test func taskMakesIndependentSplits() throws {
    let task = Toy2DTask(distribution: .moons, size: 50, testSize: 30, validationSize: 10)
    var rng = RandomGenerator(seed: 8)
    let data = try task.makeData(using: &rng)
    #expect(data.train.count == 50 && data.test.count == 30 && data.validation?.count == 10)
    #expect(data.train.y.scalars.prefix(60) != data.test.y.scalars.prefix(60))
  }
}
