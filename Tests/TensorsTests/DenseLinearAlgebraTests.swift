import Tensors
import Testing

/// Cholesky factor and inverse of small matrices against their defining identities.
@Suite struct DenseLinearAlgebraTests {
  let spd: [Double] = [4, 2, 0.6, 2, 5, 1, 0.6, 1, 3]

  @Test func choleskyReproducesTheMatrix() throws {
    let l = try #require(DenseLinearAlgebra.cholesky(spd, 3))
    for i in 0..<3 {
      for j in 0..<3 {
        #expect(j <= i || l[i * 3 + j] == 0, "upper triangle is zero")
        let product = (0..<3).map { l[i * 3 + $0] * l[j * 3 + $0] }.reduce(0, +)
        #expect(abs(product - spd[i * 3 + j]) < 1e-12)
      }
    }
    #expect(l[0] == 2)
  }

  @Test func choleskyRejectsIndefiniteMatrices() {
    #expect(DenseLinearAlgebra.cholesky([1, 2, 2, 1], 2) == nil)
  }

  @Test func inverseTimesMatrixIsIdentity() throws {
    let inverse = try #require(DenseLinearAlgebra.inverse(spd, 3))
    for i in 0..<3 {
      for j in 0..<3 {
        let product = (0..<3).map { spd[i * 3 + $0] * inverse[$0 * 3 + j] }.reduce(0, +)
        #expect(abs(product - (i == j ? 1 : 0)) < 1e-12)
      }
    }
    #expect(DenseLinearAlgebra.inverse([1, 2, 2, 4], 2) == nil)
  }
}
