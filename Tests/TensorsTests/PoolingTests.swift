import Testing
@testable import Tensors

/// Max, average and adaptive average pooling against hand-computed values, with first- and
/// second-order gradients against finite differences.
@Suite struct PoolingTests {
  let image = Tensor(shape: [1, 1, 4, 4], scalars: [
    1, 5, 2, 0,
    3, 4, 8, 1,
    -1, 0, 6, 7,
    2, 9, -3, 5,
  ])

  @Test func maxPoolPicksTheLargestAndRoutesItsGradient() {
    #expect(image.maxPool2d(kernel: 2).scalars == [5, 8, 9, 7])
    // Stride 1 with padding 1: 5x5 outputs, the padding never wins.
    let padded = image.maxPool2d(kernel: 3, stride: 2, padding: 1)
    #expect(padded.shape == [1, 1, 2, 2])
    #expect(padded.scalars == [5, 8, 9, 9])
    let x = image.requiringGradient()
    let g = gradients(of: x.maxPool2d(kernel: 3, stride: 2, padding: 1).sum(), at: [x])[0]
    // 9 wins two windows, so it receives both gradients.
    var expected = [Float](repeating: 0, count: 16)
    expected[1] = 1
    expected[6] = 1
    expected[13] = 2
    #expect(g.scalars == expected)
  }

  /// The C 2 × 2 path gives the general path's values and indices, ties (first in row-major
  /// order wins), NaN (wins) and −∞ included, on odd sizes (the last row and column are dropped).
  @Test func pairwiseMaxPoolMatchesTheGeneralWindows() {
    var rng = RandomGenerator(seed: 3)
    var scalars = (0..<(2 * 3 * 9 * 11)).map { _ in Float(rng.uniformInt(below: 4)) }
    for k in stride(from: 5, to: scalars.count, by: 37) { scalars[k] = .nan }
    for k in stride(from: 11, to: scalars.count, by: 29) { scalars[k] = -.infinity }
    let windows = PoolingWindows(sliding: [2, 3, 9, 11], kernel: 2, stride: 2, padding: 0, operation: "test")
    #expect(windows.isPairwise)
    let fast = windows.pairMaxima(scalars)
    let general = windows.windowMaxima(scalars)
    #expect(fast.indices == general.indices)
    #expect(zip(fast.values, general.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
    #expect(fast.values.contains { $0.isNaN })
    #expect(!PoolingWindows(sliding: [1, 1, 4, 4], kernel: 3, stride: 2, padding: 1, operation: "test").isPairwise)
  }

  @Test func averagePoolCountsThePadding() {
    let expectedAverages: [Float] = [13.0 / 4, 11.0 / 4, 10.0 / 4, 15.0 / 4]
    #expect(image.avgPool2d(kernel: 2).scalars == expectedAverages)
    // 3x3 windows at stride 2 padded by 1: the top-left window covers rows 0-1, columns 0-1
    // and divides by 9.
    let padded = image.avgPool2d(kernel: 3, stride: 2, padding: 1)
    #expect(padded.shape == [1, 1, 2, 2])
    #expect(abs(padded.scalars[0] - Float(13) / 9) < 1e-6)
    let lastWindow: Float = 4 + 8 + 1 + 0 + 6 + 7 + 9 - 3 + 5
    #expect(abs(padded.scalars[3] - lastWindow / 9) < 1e-6)
  }

  @Test func adaptiveAveragePoolUsesOverlappingWindows() {
    // 5 -> 3: windows [0, 2), [1, 4), [3, 5) along each axis.
    let x = testPoint([2, 3, 5, 5], seed: 1)
    let y = x.adaptiveAvgPool2d(3)
    #expect(y.shape == [2, 3, 3, 3])
    let windows = [0..<2, 1..<4, 3..<5]
    for plane in 0..<6 {
      for (i, rows) in windows.enumerated() {
        for (j, columns) in windows.enumerated() {
          var sum = 0.0
          for r in rows {
            for c in columns { sum += Double(x.scalars[plane * 25 + r * 5 + c]) }
          }
          let expected = sum / Double(rows.count * columns.count)
          let actual = Double(y.scalars[plane * 9 + i * 3 + j])
          #expect(abs(actual - expected) < 1e-6)
        }
      }
    }
    let global = x.adaptiveAvgPool2d(1)
    #expect(global.shape == [2, 3, 1, 1])
    #expect(abs(global.scalars[4] - x.slice(alongAxis: 1, 1..<2).slice(alongAxis: 0, 1..<2).mean().scalar) < 1e-6)
  }

  @Test func gradientsMatchFiniteDifferences() {
    // Distinct, well-separated values so that no window's maximum changes under ±ε.
    let values: [Float] = (0..<120).map { (i: Int) -> Float in Float((i * 37) % 120) * 0.05 - 3 }
    let x = Tensor(shape: [2, 2, 6, 5], scalars: values)
    let weights = testPoint([2, 2, 3, 3], seed: 3, in: 0.5...1.5)
    let max = GradientChecker.check(at: [x]) { p in (p[0].maxPool2d(kernel: 3, stride: 2, padding: 1) * weights).sum() }
    #expect(max.passed, "maxPool2d: \(max)")
    let average = GradientChecker.check(at: [x]) { p in (p[0].avgPool2d(kernel: 3, stride: 2, padding: 1) * weights).sum() }
    #expect(average.passed, "avgPool2d: \(average)")
    let adaptive = GradientChecker.check(at: [x]) { p in (p[0].adaptiveAvgPool2d(3) * weights).sum() }
    #expect(adaptive.passed, "adaptiveAvgPool2d: \(adaptive)")
  }

  @Test func secondOrderThroughPoolingMatchesFiniteDifferences() {
    // S(x, w) = Σ v ⊙ ∂E/∂x for E = Σ softplus(pool(conv(x, w)))², through each pooling.
    let ramp: [Float] = (0..<36).map { (i: Int) -> Float in Float((i * 17) % 36) * 0.08 - 1.4 }
    let x = Tensor(shape: [1, 1, 6, 6], scalars: ramp)
    let w = Tensor(shape: [2, 1, 1, 1], scalars: [0.9, -0.6])
    let v = testPoint(x.shape, seed: 9, in: 0.5...1.5)
    let pools: [(String, (Tensor) -> Tensor)] = [
      ("max", { $0.maxPool2d(kernel: 2) }),
      ("average", { $0.avgPool2d(kernel: 3, stride: 1, padding: 1) }),
      ("adaptive", { $0.adaptiveAvgPool2d(SpatialPair(height: 4, width: 3)) }),
    ]
    for (name, pool) in pools {
      let result = GradientChecker.check(at: [x, w]) { p in
        let xi = p[0].isRecorded ? p[0] : p[0].requiringGradient()
        let e = withGradients { pool(xi.conv2d(p[1])).softplus().squared().sum() }
        let dx = withGradients { gradients(of: e, at: [xi], createGraph: true)[0] }
        return (dx * v).sum()
      }
      #expect(result.passed, "\(name) pooling: \(result)")
    }
  }
}
