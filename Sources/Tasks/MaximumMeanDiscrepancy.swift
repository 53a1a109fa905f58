import Foundation
import Tensors

/// The maximum mean discrepancy with a Gaussian (RBF) kernel (Gretton et al., "A kernel
/// two-sample test", JMLR 2012), biased (V-statistic) estimate, which stays positive so that
/// the data-against-data floor is a meaningful number:
///
/// ```
/// k(a, b) = exp(−‖a − b‖² / (2h²))
/// MMD²_b = 1/n² Σᵢⱼ k(xᵢ, xⱼ) + 1/m² Σᵢⱼ k(yᵢ, yⱼ) − 2/(nm) Σᵢⱼ k(xᵢ, yⱼ),   reported: MMD_b
/// ```
///
/// The bandwidth h is the median pairwise distance of a
/// reference set (the median heuristic), fixed per dataset so that a model's figure and the
/// data floor use the same kernel.
public enum MaximumMeanDiscrepancy {
  /// The median pairwise distance within `reference` `[n, d]` (at most 1000 rows used).
  public static func medianBandwidth(_ reference: Tensor) -> Double {
    let d = reference.shape[1]
    let n = min(reference.shape[0], 1000)
    let p = reference.scalars
    var distances: [Double] = []
    distances.reserveCapacity(n * (n - 1) / 2)
    for i in 0..<n {
      for j in (i + 1)..<n {
        var s = 0.0
        for k in 0..<d {
          let t = Double(p[i * d + k] - p[j * d + k])
          s += t * t
        }
        distances.append(s.squareRoot())
      }
    }
    guard !distances.isEmpty else { return 1 }
    distances.sort()
    return Swift.max(distances[distances.count / 2], 1e-12)
  }

  /// MMD between `x` `[n, d]` and `y` `[m, d]` with bandwidth `h`; infinite for non-finite points.
  public static func distance(_ x: Tensor, _ y: Tensor, bandwidth h: Double) -> Double {
    guard x.scalars.allSatisfy(\.isFinite), y.scalars.allSatisfy(\.isFinite) else { return .infinity }
    let d = x.shape[1]
    let a = x.scalars.map(Double.init)
    let b = y.scalars.map(Double.init)
    let n = x.shape[0]
    let m = y.shape[0]
    let gamma = 1 / (2 * h * h)
    func kernelSum(_ p: [Double], _ np: Int, _ q: [Double], _ nq: Int) -> Double {
      var total = 0.0
      for i in 0..<np {
        for j in 0..<nq {
          var s = 0.0
          for k in 0..<d {
            let t = p[i * d + k] - q[j * d + k]
            s += t * t
          }
          total += Foundation.exp(-gamma * s)
        }
      }
      return total
    }
    let xx = kernelSum(a, n, a, n) / Double(n * n)
    let yy = kernelSum(b, m, b, m) / Double(m * m)
    let xy = kernelSum(a, n, b, m) / Double(n * m)
    return Swift.max(xx + yy - 2 * xy, 0).squareRoot()
  }
}
