import Testing
@testable import Tensors

/// A deterministic, well-conditioned test point of the given shape (values in [lo, hi]).
func testPoint(_ shape: [Int], seed: Int = 1, in range: ClosedRange<Float> = -1.5...1.5) -> Tensor {
  let n = shape.reduce(1, *)
  var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 12345
  let values = (0..<n).map { _ -> Float in
    state = state &* 6364136223846793005 &+ 1442695040888963407
    let u = Float(state >> 40) / Float(1 << 24)
    return range.lowerBound + (range.upperBound - range.lowerBound) * u
  }
  return Tensor(shape: shape, scalars: values)
}

@Suite struct AutodiffTests {
  /// A weighting that makes every output element matter differently.
  func weighted(_ t: Tensor) -> Tensor { (t * testPoint(t.shape, seed: 99, in: 0.5...1.5)).sum() }

  func expectGradient(
    _ inputs: [Tensor], epsilon: Float = 1e-2, _ f: @escaping ([Tensor]) -> Tensor,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let result = GradientChecker.check(at: inputs, epsilon: epsilon) { weighted(f($0)) }
    #expect(result.passed, "\(result)", sourceLocation: sourceLocation)
  }

  @Test func unaryOpsMatchFiniteDifferences() {
    let x = testPoint([3, 4])
    let positive = testPoint([3, 4], seed: 2, in: 0.3...2.0)
    expectGradient([x]) { $0[0].exp() }
    expectGradient([positive]) { $0[0].log() }
    expectGradient([positive]) { $0[0].log1p() }
    expectGradient([x]) { $0[0].tanh() }
    expectGradient([x]) { $0[0].sigmoid() }
    expectGradient([x]) { $0[0].softplus() }
    expectGradient([x]) { $0[0].silu() }
    expectGradient([x]) { $0[0].sin() }
    expectGradient([x]) { $0[0].cos() }
    expectGradient([positive]) { $0[0].sqrt() }
    expectGradient([x]) { $0[0].squared() }
    expectGradient([positive]) { $0[0].pow(1.7) }
    expectGradient([x]) { -$0[0] }
    // Kinks: relu, abs and clamp are checked away from their kinks.
    let awayFromZero = Tensor([[-1.2, -0.4, 0.3, 0.9], [1.1, -0.7, 0.45, -1.3]])
    expectGradient([awayFromZero]) { $0[0].relu() }
    expectGradient([awayFromZero]) { $0[0].abs() }
    expectGradient([awayFromZero]) { $0[0].clamped(min: -0.5, max: 0.5) }
  }

  @Test func binaryOpsWithBroadcastingMatchFiniteDifferences() {
    let a = testPoint([2, 3, 4], seed: 3)
    let row = testPoint([4], seed: 4)
    let column = testPoint([2, 1, 4], seed: 5)
    let positive = testPoint([3, 4], seed: 6, in: 0.5...2)
    expectGradient([a, row]) { $0[0] + $0[1] }
    expectGradient([a, column]) { $0[0] - $0[1] }
    expectGradient([a, row]) { $0[0] * $0[1] }
    expectGradient([testPoint([3, 4], seed: 7), positive]) { $0[0] / $0[1] }
    expectGradient([testPoint([3, 1]), testPoint([1, 4], seed: 8)]) { $0[0] * $0[1] }
    expectGradient([a]) { $0[0] * 3 + 1 }
    expectGradient([positive]) { 2 / $0[0] }
    expectGradient([testPoint([3, 4]), testPoint([3, 4], seed: 10)]) { Tensor.maximum($0[0], $0[1]) }
    expectGradient([testPoint([3, 4]), testPoint([3, 4], seed: 10)]) { Tensor.minimum($0[0], $0[1]) }
    let mask = Tensor([1, 0, 1, 0])
    expectGradient([testPoint([3, 4]), testPoint([3, 4], seed: 11)]) { Tensor.where(mask, $0[0], $0[1]) }
  }

  @Test func reductionsMatchFiniteDifferences() {
    let x = testPoint([3, 4, 2])
    expectGradient([x]) { $0[0].sum() }
    expectGradient([x]) { $0[0].mean() }
    expectGradient([x]) { $0[0].sum(alongAxis: 1) }
    expectGradient([x]) { $0[0].mean(alongAxis: 0, keepingDimensions: true) }
    expectGradient([x]) { $0[0].max(alongAxis: 1) }
    expectGradient([x]) { $0[0].min(alongAxis: 2) }
    expectGradient([x]) { $0[0].logSumExp(alongAxis: 1) }
    expectGradient([x]) { $0[0].logSoftmax(alongAxis: 2) }
    expectGradient([x]) { $0[0].softmax(alongAxis: 1) }
    expectGradient([x]) { $0[0].variance(alongAxis: 1) }
    expectGradient([x]) { $0[0].variance(unbiased: true) }
  }

  @Test func shapeOpsMatchFiniteDifferences() {
    let x = testPoint([2, 3, 4])
    expectGradient([x]) { $0[0].reshaped([6, -1]) }
    expectGradient([x]) { $0[0].permuted([2, 0, 1]) }
    expectGradient([x]) { $0[0].transposed() }
    expectGradient([testPoint([3, 1])]) { $0[0].expanded(to: [2, 3, 4]) }
    expectGradient([x]) { $0[0].summed(toShape: [3, 1]) }
    expectGradient([x, testPoint([2, 1, 4], seed: 2)]) { Tensor.concatenate([$0[0], $0[1]], alongAxis: 1) }
    expectGradient([testPoint([3, 4]), testPoint([3, 4], seed: 2)]) { Tensor.stack([$0[0], $0[1]], alongAxis: 1) }
    expectGradient([x]) { $0[0].slice(alongAxis: 2, 1..<3) }
    expectGradient([x]) { $0[0].indexSelect([2, 0, 2], alongAxis: 1) }
    expectGradient([testPoint([4, 3])]) { $0[0].gather(columns: [2, 0, 1, 1]) }
    expectGradient([testPoint([3, 2])]) { $0[0].indexAdd([1, 1, 0], alongAxis: 0, extent: 4) }
  }

  @Test func matmulMatchesFiniteDifferencesForEveryTransposition() {
    let a = testPoint([3, 4])
    let b = testPoint([4, 5], seed: 2)
    expectGradient([a, b]) { Tensor.matmul($0[0], $0[1]) }
    expectGradient([a, testPoint([5, 4], seed: 3)]) { Tensor.matmul($0[0], $0[1], transposeB: true) }
    expectGradient([testPoint([4, 3]), b]) { Tensor.matmul($0[0], $0[1], transposeA: true) }
    expectGradient([testPoint([4, 3]), testPoint([5, 4])]) {
      Tensor.matmul($0[0], $0[1], transposeA: true, transposeB: true)
    }
    expectGradient([testPoint([2, 3, 4]), testPoint([2, 4, 2])]) { Tensor.matmul($0[0], $0[1]) }
    expectGradient([testPoint([2, 4, 3]), testPoint([2, 2, 4])]) {
      Tensor.matmul($0[0], $0[1], transposeA: true, transposeB: true)
    }
    expectGradient([testPoint([2, 3, 4]), testPoint([5, 4])]) { Tensor.matmul($0[0], $0[1], transposeB: true) }
  }

  @Test func matmulMatchesHandComputedProduct() {
    let a = Tensor([[1, 2], [3, 4]])
    let b = Tensor([[5, 6], [7, 8]])
    #expect(Tensor.matmul(a, b).scalars == [19, 22, 43, 50])
    #expect(Tensor.matmul(a, b, transposeA: true).scalars == [26, 30, 38, 44])
    #expect(Tensor.matmul(a, b, transposeB: true).scalars == [17, 23, 39, 53])
  }

  @Test func reusedInputAccumulatesGradients() {
    let x = Tensor([3]).requiringGradient()
    let y = (x * x + x).sum()  // dy/dx = 2x + 1 = 7
    #expect(gradients(of: y, at: [x])[0].scalars == [7])
  }

  @Test func unusedInputGetsZeroGradientAndConstantsNone() {
    let x = Tensor([1, 2]).requiringGradient()
    let unused = Tensor([5, 5, 5]).requiringGradient()
    let g = gradients(of: (x * 2).sum(), at: [x, unused])
    #expect(g[0].scalars == [2, 2])
    #expect(g[1].scalars == [0, 0, 0])
  }

  @Test func seedGivesVectorJacobianProduct() {
    let x = Tensor([1, 2, 3]).requiringGradient()
    let y = x.squared()
    let g = gradients(of: y, at: [x], seed: Tensor([1, 10, 100]))[0]
    #expect(g.scalars == [2, 40, 600])
  }

  @Test func noGradientScopeRecordsNothingAndDetachCuts() {
    let x = Tensor([1, 2]).requiringGradient()
    let inside = withoutGradients { (x * x).sum() }
    #expect(!inside.isRecorded)
    let cut = (x.detached * x).sum()  // d/dx = x (only the second factor)
    #expect(gradients(of: cut, at: [x])[0].scalars == [1, 2])
  }

  @Test func gradientWithoutCreateGraphIsConstant() {
    let x = Tensor([0.5]).requiringGradient()
    let g = gradients(of: x.tanh().sum(), at: [x])[0]
    #expect(!g.isRecorded)
    let h = gradients(of: x.tanh().sum(), at: [x], createGraph: true)[0]
    #expect(h.isRecorded)
  }
}
