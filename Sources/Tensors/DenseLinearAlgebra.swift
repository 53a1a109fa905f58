/// Small dense linear algebra in Double, row-major `d × d` matrices (for the few-dimensional
/// covariances of analytic energies and fitted Gaussians; O(d³), meant for d in the tens).
public enum DenseLinearAlgebra {
  /// Lower-triangular L with A = L Lᵀ (row-major), or nil when A is not positive definite.
  public static func cholesky(_ a: [Double], _ d: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: d * d)
    for i in 0..<d {
      for j in 0...i {
        var s = a[i * d + j]
        for k in 0..<j { s -= l[i * d + k] * l[j * d + k] }
        if i == j {
          guard s > 0 else { return nil }
          l[i * d + i] = s.squareRoot()
        } else {
          l[i * d + j] = s / l[j * d + j]
        }
      }
    }
    return l
  }

  /// A⁻¹ by Gauss–Jordan elimination with partial pivoting, or nil when singular.
  public static func inverse(_ a: [Double], _ d: Int) -> [Double]? {
    var m = a
    var inv = [Double](repeating: 0, count: d * d)
    for i in 0..<d { inv[i * d + i] = 1 }
    for c in 0..<d {
      var pivot = c
      for r in c..<d where Swift.abs(m[r * d + c]) > Swift.abs(m[pivot * d + c]) { pivot = r }
      guard Swift.abs(m[pivot * d + c]) > 1e-300 else { return nil }
      if pivot != c {
        for k in 0..<d {
          m.swapAt(c * d + k, pivot * d + k)
          inv.swapAt(c * d + k, pivot * d + k)
        }
      }
      let p = m[c * d + c]
      for k in 0..<d {
        m[c * d + k] /= p
        inv[c * d + k] /= p
      }
      for r in 0..<d where r != c {
        let f = m[r * d + c]
        if f == 0 { continue }
        for k in 0..<d {
          m[r * d + k] -= f * m[c * d + k]
          inv[r * d + k] -= f * inv[c * d + k]
        }
      }
    }
    return inv
  }
}
