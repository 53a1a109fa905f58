/// Minimum-cost perfect matching of an n × n cost matrix: the Hungarian algorithm (Kuhn 1955,
/// Munkres 1957) in its shortest-augmenting-path form with dual potentials (as in Jonker &
/// Volgenant 1987), in Double on a flat row-major matrix.
///
/// ```swift
/// let (assignment, cost) = OptimalAssignment.solve(costs: c, size: n)  // row i ↦ column assignment[i]
/// ```
///
/// - Complexity: O(n³) time, O(n) extra memory besides the matrix. About a second for n = 1000.
public enum OptimalAssignment {
  /// The optimal assignment (row i to column `assignment[i]`) and its total cost.
  public static func solve(costs: [Double], size n: Int) -> (assignment: [Int], cost: Double) {
    precondition(costs.count == n * n, "OptimalAssignment: \(costs.count) costs for a \(n)×\(n) matrix")
    if n == 0 { return ([], 0) }
    // 1-based potentials u (rows), v (columns); p[j] = row matched to column j; way = path.
    var u = [Double](repeating: 0, count: n + 1)
    var v = [Double](repeating: 0, count: n + 1)
    var p = [Int](repeating: 0, count: n + 1)
    var way = [Int](repeating: 0, count: n + 1)
    var minv = [Double](repeating: .infinity, count: n + 1)
    var used = [Bool](repeating: false, count: n + 1)
    costs.withUnsafeBufferPointer { c in
      for i in 1...n {
        p[0] = i
        var j0 = 0
        for j in 0...n {
          minv[j] = .infinity
          used[j] = false
        }
        repeat {
          used[j0] = true
          let i0 = p[j0]
          let row = (i0 - 1) * n
          let ui0 = u[i0]
          var delta = Double.infinity
          var j1 = 0
          for j in 1...n where !used[j] {
            let current = c[row + j - 1] - ui0 - v[j]
            if current < minv[j] {
              minv[j] = current
              way[j] = j0
            }
            if minv[j] < delta {
              delta = minv[j]
              j1 = j
            }
          }
          for j in 0...n {
            if used[j] {
              u[p[j]] += delta
              v[j] -= delta
            } else {
              minv[j] -= delta
            }
          }
          j0 = j1
        } while p[j0] != 0
        repeat {
          let j1 = way[j0]
          p[j0] = p[j1]
          j0 = j1
        } while j0 != 0
      }
    }
    var assignment = [Int](repeating: 0, count: n)
    var total = 0.0
    for j in 1...n {
      assignment[p[j] - 1] = j - 1
      total += costs[(p[j] - 1) * n + (j - 1)]
    }
    return (assignment, total)
  }
}
