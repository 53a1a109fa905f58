import Foundation

/// The KL metric of Gustafsson et al. (BMVC 2020, Sec. 4.1): for each x of a grid, the true
/// density and the model's density, both normalised over the y grid, compared by
///
/// ```
/// KL(x) = Σ_j p̄(y_j | x) log( p̄(y_j | x) / p̂(y_j | x) ),   p̄ ∝ p_true + 1e-30,   p̂ = softmax_j(−E(x, y_j))
/// KL = mean over x of KL(x)
/// ```
public enum RegressionKL {
  /// The added floor of the reference evaluation script.
  public static let epsilon = 1e-30

  /// KL averaged over the rows of `grid`, with `trueDensity(x, y)` the unnormalised true density.
  public static func divergence(grid: ConditionalDensityGrid, trueDensity: (Double, Double) -> Double) -> Double {
    let ny = grid.ys.count
    var total = 0.0
    var p = [Double](repeating: 0, count: ny)
    for (i, x) in grid.xs.enumerated() {
      var sum = 0.0
      for j in 0..<ny {
        p[j] = trueDensity(Double(x), Double(grid.ys[j])) + epsilon
        sum += p[j]
      }
      var kl = 0.0
      for j in 0..<ny {
        let pj = p[j] / sum
        if pj > 0 { kl += pj * (Foundation.log(pj) - Double(grid[i, j])) }
      }
      total += kl
    }
    return total / Double(max(grid.xs.count, 1))
  }
}
