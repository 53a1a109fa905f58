import Foundation
import Tensors

/// Wasserstein distances between two equally weighted point sets.
///
/// ```
/// W_p(a, b) = ( min_π (1/n) Σᵢ ‖aᵢ − b_π(i)‖^p )^(1/p)   over permutations π
/// ```
///
/// Exact (optimal assignment, ``OptimalAssignment``) for up to ``exactLimit`` points a side;
/// beyond, the sliced Wasserstein distance (Rabin et al. 2011; Bonneel et al. 2015): the mean
/// over random unit directions θ of the 1-D distance between the projections, where sorted
/// matching is optimal. Sets of different sizes are compared on a random subset of the larger
/// one of the smaller one's size.
public struct WassersteinDistance: Sendable {
  /// W1 (Euclidean ground cost).
  public var w1: Double
  /// W2.
  public var w2: Double
  /// Whether the figures are exact (assignment) or sliced.
  public var exact: Bool

  /// Largest set compared exactly.
  public static let exactLimit = 2000
  /// Directions for the sliced distance.
  public static let slices = 256

  /// The distances between `a` `[n, d]` and `b` `[m, d]`; `rng` draws subsets and directions.
  /// Non-finite points make both distances infinite.
  public init(_ a: Tensor, _ b: Tensor, using rng: inout RandomGenerator) {
    precondition(a.rank == 2 && b.rank == 2 && a.shape[1] == b.shape[1], "Wasserstein: shapes \(a.shape) vs \(b.shape)")
    let d = a.shape[1]
    var x = a.scalars.map(Double.init)
    var y = b.scalars.map(Double.init)
    guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else {
      self.init(w1: .infinity, w2: .infinity, exact: true)
      return
    }
    var n = a.shape[0]
    let m = b.shape[0]
    if n > m { x = WassersteinDistance.subset(x, n, m, d, &rng); n = m }
    if m > n { y = WassersteinDistance.subset(y, m, n, d, &rng) }
    if n <= WassersteinDistance.exactLimit {
      var squared = [Double](repeating: 0, count: n * n)
      for i in 0..<n {
        for j in 0..<n {
          var s = 0.0
          for k in 0..<d {
            let t = x[i * d + k] - y[j * d + k]
            s += t * t
          }
          squared[i * n + j] = s
        }
      }
      let two = OptimalAssignment.solve(costs: squared, size: n)
      let one = OptimalAssignment.solve(costs: squared.map { $0.squareRoot() }, size: n)
      self.init(w1: one.cost / Double(max(n, 1)), w2: (two.cost / Double(max(n, 1))).squareRoot(), exact: true)
    } else {
      var w1 = 0.0
      var w2 = 0.0
      for _ in 0..<WassersteinDistance.slices {
        var theta = (0..<d).map { _ in Double(rng.nextNormal()) }
        let norm = theta.reduce(0) { $0 + $1 * $1 }.squareRoot()
        theta = theta.map { $0 / Swift.max(norm, 1e-12) }
        func project(_ p: [Double]) -> [Double] {
          (0..<n).map { i in (0..<d).reduce(0) { $0 + p[i * d + $1] * theta[$1] } }.sorted()
        }
        let px = project(x)
        let py = project(y)
        var s1 = 0.0
        var s2 = 0.0
        for i in 0..<n {
          let t = px[i] - py[i]
          s1 += Swift.abs(t)
          s2 += t * t
        }
        w1 += s1 / Double(n)
        w2 += s2 / Double(n)
      }
      self.init(
        w1: w1 / Double(WassersteinDistance.slices), w2: (w2 / Double(WassersteinDistance.slices)).squareRoot(),
        exact: false)
    }
  }

  public init(w1: Double, w2: Double, exact: Bool) {
    self.w1 = w1
    self.w2 = w2
    self.exact = exact
  }

  static func subset(_ p: [Double], _ n: Int, _ k: Int, _ d: Int, _ rng: inout RandomGenerator) -> [Double] {
    let order = rng.permutation(n).prefix(k)
    return order.flatMap { i in p[(i * d)..<(i * d + d)] }
  }
}
