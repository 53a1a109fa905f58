import Testing
@testable import Tensors

/// conv2d and convTranspose2d against direct loops in Double, their first- and second-order
/// gradients against finite differences, and bit-identical results at any thread count.
@Suite struct ConvolutionTests {
  /// conv2d by its definition, in Double.
  func referenceConv(
    _ x: Tensor, _ w: Tensor, stride: SpatialPair, padding: SpatialPair, dilation: SpatialPair, groups: Int
  ) -> [Double] {
    let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, cg, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
    let ho = (h + 2 * padding.height - dilation.height * (kh - 1) - 1) / stride.height + 1
    let wo = (wd + 2 * padding.width - dilation.width * (kw - 1) - 1) / stride.width + 1
    let og = o / groups
    var out = [Double](repeating: 0, count: n * o * ho * wo)
    for b in 0..<n {
      for oc in 0..<o {
        let group = oc / og
        for i in 0..<ho {
          for j in 0..<wo {
            var s = 0.0
            for ci in 0..<cg {
              for p in 0..<kh {
                for q in 0..<kw {
                  let r = i * stride.height - padding.height + p * dilation.height
                  let col = j * stride.width - padding.width + q * dilation.width
                  guard r >= 0, r < h, col >= 0, col < wd else { continue }
                  let xv = x.scalars[((b * c + group * cg + ci) * h + r) * wd + col]
                  s += Double(xv) * Double(w.scalars[((oc * cg + ci) * kh + p) * kw + q])
                }
              }
            }
            out[((b * o + oc) * ho + i) * wo + j] = s
          }
        }
      }
    }
    return out
  }

  func expectClose(
    _ a: Tensor, _ b: [Double], tolerance: Double = 1e-4, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(a.count == b.count, sourceLocation: sourceLocation)
    let worst = zip(a.scalars, b).map { abs(Double($0) - $1) }.max() ?? 0
    #expect(worst <= tolerance, "max |difference| \(worst)", sourceLocation: sourceLocation)
  }

  @Test func conv2dMatchesTheDefinition() {
    // Plain 3x3 "same" convolution over several image tiles (8x8 outputs: 8 images a tile).
    let x = testPoint([11, 3, 8, 8], seed: 1)
    let w = testPoint([5, 3, 3, 3], seed: 2)
    let y = x.conv2d(w, padding: 1)
    #expect(y.shape == [11, 5, 8, 8])
    expectClose(y, referenceConv(x, w, stride: 1, padding: 1, dilation: 1, groups: 1))

    // Stride, uneven padding, dilation, groups and a non-square kernel together.
    let x2 = testPoint([3, 4, 9, 7], seed: 3)
    let w2 = testPoint([6, 2, 3, 2], seed: 4)
    let y2 = x2.conv2d(w2, stride: SpatialPair(height: 2, width: 1), padding: SpatialPair(height: 1, width: 2),
      dilation: SpatialPair(height: 2, width: 3), groups: 2)
    let expected2 = referenceConv(
      x2, w2, stride: SpatialPair(height: 2, width: 1), padding: SpatialPair(height: 1, width: 2),
      dilation: SpatialPair(height: 2, width: 3), groups: 2)
    #expect(y2.shape == [3, 6, 4, 8])
    expectClose(y2, expected2)

    // Bias is added per output channel.
    let bias = Tensor([0.5, -1, 2, 0, 1, 3])
    let y3 = x2.conv2d(w2, bias: bias, stride: SpatialPair(height: 2, width: 1),
      padding: SpatialPair(height: 1, width: 2), dilation: SpatialPair(height: 2, width: 3), groups: 2)
    let plane = 4 * 8
    expectClose(y3, expected2.enumerated().map { $0.element + Double(bias.scalars[($0.offset / plane) % 6]) })
  }

  @Test func convTranspose2dIsTheAdjointOfConv2d() {
    // ⟨convᵀ(y, w), x⟩ = ⟨y, conv(x, w)⟩ for the conv whose output has y's shape, checked in
    // Double; output padding picks the larger of the two input sizes a stride-2 conv maps to 4.
    let w = testPoint([4, 3, 3, 3], seed: 5)  // convᵀ: 4 -> 6 channels (groups 2)
    let y = testPoint([2, 4, 4, 5], seed: 6)
    let up = y.convTranspose2d(w, stride: 2, padding: 1, outputPadding: SpatialPair(height: 1, width: 0), groups: 2)
    #expect(up.shape == [2, 6, 8, 9])
    let x = testPoint(up.shape, seed: 7)
    let forward = referenceConv(x, w, stride: 2, padding: 1, dilation: 1, groups: 2)
    let lhs = zip(up.scalars, x.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    let rhs = zip(y.scalars, forward).reduce(0.0) { $0 + Double($1.0) * $1.1 }
    #expect(abs(lhs - rhs) <= 1e-4 * max(1, abs(rhs)), "\(lhs) vs \(rhs)")
    // And element by element: a single 1 in y spreads the kernel into the output.
    var one = [Float](repeating: 0, count: 1 * 1 * 2 * 2)
    one[3] = 1  // y[0, 0, 1, 1]
    let kernel = testPoint([1, 1, 3, 3], seed: 8)
    let spread = Tensor(shape: [1, 1, 2, 2], scalars: one).convTranspose2d(kernel, stride: 2)
    #expect(spread.shape == [1, 1, 5, 5])
    for p in 0..<3 {
      for q in 0..<3 { #expect(spread.scalars[(2 + p) * 5 + 2 + q] == kernel.scalars[p * 3 + q]) }
    }
    #expect(spread.scalars[0] == 0)
  }

  @Test func firstOrderGradientsMatchFiniteDifferences() {
    let weights = testPoint([2, 4, 3, 5], seed: 20, in: 0.5...1.5)
    let x = testPoint([2, 4, 5, 9], seed: 21)
    let w = testPoint([4, 2, 3, 2], seed: 22, in: -0.5...0.5)
    let b = testPoint([4], seed: 23)
    let result = GradientChecker.check(at: [x, w, b]) { p in
      (p[0].conv2d(p[1], bias: p[2], stride: SpatialPair(height: 1, width: 2), padding: 1, dilation: SpatialPair(height: 2, width: 1), groups: 2)
        * weights).sum()
    }
    #expect(result.passed, "conv2d: \(result)")

    let up = testPoint([2, 4, 3, 3], seed: 24)
    let wt = testPoint([4, 3, 3, 3], seed: 25, in: -0.5...0.5)
    let bt = testPoint([6], seed: 26)
    let upWeights = testPoint([2, 6, 6, 6], seed: 27, in: 0.5...1.5)
    let transposed = GradientChecker.check(at: [up, wt, bt]) { p in
      (p[0].convTranspose2d(p[1], bias: p[2], stride: 2, padding: 1, outputPadding: 1, groups: 2) * upWeights).sum()
    }
    #expect(transposed.passed, "convTranspose2d: \(transposed)")
  }

  /// S(x, θ) = Σ v ⊙ ∂E/∂x, differentiated by autodiff of the recorded backward pass, against
  /// finite differences of S.
  func expectSecondOrder(
    _ name: String, inputs: [Tensor], energy: @escaping (Tensor, [Tensor]) -> Tensor,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let v = testPoint(inputs[0].shape, seed: 77, in: 0.5...1.5)
    let result = GradientChecker.check(at: inputs) { point in
      let x = point[0].isRecorded ? point[0] : point[0].requiringGradient()
      let e = withGradients { energy(x, Array(point.dropFirst())).sum() }
      let dx = withGradients { gradients(of: e, at: [x], createGraph: true)[0] }
      return (dx * v).sum()
    }
    #expect(result.passed, "\(name): \(result)", sourceLocation: sourceLocation)
  }

  @Test func secondOrderGradientsMatchFiniteDifferences() {
    let x = testPoint([2, 2, 5, 5], seed: 30)
    let w1 = testPoint([4, 2, 3, 3], seed: 31, in: -0.4...0.4)
    let w2 = testPoint([4, 2, 2, 2], seed: 32, in: -0.4...0.4)
    let wt = testPoint([4, 2, 2, 2], seed: 33, in: -0.4...0.4)
    // E(x) = Σ softplus(conv(tanh(conv(x, w1)), w2, groups 2)): every adjoint of both convs
    // appears in d/dθ (dE/dx).
    expectSecondOrder("conv2d", inputs: [x, w1, w2]) { x, p in
      x.conv2d(p[0], padding: 1).tanh().conv2d(p[1], stride: 2, groups: 2).softplus().sum(alongAxis: 1)
    }
    expectSecondOrder("convTranspose2d", inputs: [x, w1, wt]) { x, p in
      x.conv2d(p[0], stride: 2, padding: 1).tanh().convTranspose2d(p[1], stride: 2).softplus().sum(alongAxis: 1)
    }
  }

  @Test func sameBitsAtAnyThreadCount() {
    // Large enough to run threaded (above Gemm.parallelThreshold multiply-adds).
    let x = testPoint([20, 8, 12, 12], seed: 40)
    let w = testPoint([16, 8, 3, 3], seed: 41)
    let geometry = Conv2DGeometry(input: x.shape, weight: w.shape, stride: 1, padding: 1, dilation: 1, groups: 1)
    #expect(geometry.multiplyAdds >= Gemm.parallelThreshold)
    let dy = testPoint(geometry.outputShape, seed: 42)
    let one = (
      geometry.forward(x.scalars, w.scalars, threads: 1), geometry.inputGradient(dy.scalars, w.scalars, threads: 1),
      geometry.weightGradient(x.scalars, dy.scalars, threads: 1))
    for threads in [2, 3, 8] {
      #expect(geometry.forward(x.scalars, w.scalars, threads: threads) == one.0)
      #expect(geometry.inputGradient(dy.scalars, w.scalars, threads: threads) == one.1)
      #expect(geometry.weightGradient(x.scalars, dy.scalars, threads: threads) == one.2)
    }
    let expected = referenceConv(x, w, stride: 1, padding: 1, dilation: 1, groups: 1)
    expectClose(Tensor(shape: geometry.outputShape, scalars: one.0), expected, tolerance: 1e-3)
  }

  /// The Winograd F(2×2, 3×3) path (3×3, stride 1, ≥ 16 channels in and out) for each padding
  /// it takes, on odd sizes (partial 2×2 tiles) and a batch that is not a multiple of the 8 lanes:
  /// all three products against their definitions in Double, at 1, 2 and 3 threads.
  @Test func winogradPathMatchesTheDefinitions() {
    for (pad, size) in [(1, (7, 9)), (0, (6, 5)), (2, (3, 4))] {
      let x = testPoint([11, 16, size.0, size.1], seed: 50 + pad, in: -1...1)
      let w = testPoint([17, 16, 3, 3], seed: 60 + pad, in: -0.3...0.3)
      let geometry = Conv2DGeometry(
        input: x.shape, weight: w.shape, stride: 1, padding: SpatialPair(height: pad, width: pad), dilation: 1, groups: 1)
      #expect(geometry.usesWinograd)
      let dy = testPoint(geometry.outputShape, seed: 70 + pad, in: -1...1)
      let (ho, wo) = (geometry.outHeight, geometry.outWidth)
      var dx = [Double](repeating: 0, count: x.count)
      var dw = [Double](repeating: 0, count: w.count)
      for n in 0..<11 {
        for k in 0..<17 {
          for i in 0..<ho {
            for j in 0..<wo {
              let g = Double(dy.scalars[((n * 17 + k) * ho + i) * wo + j])
              for c in 0..<16 {
                for p in 0..<3 {
                  for q in 0..<3 {
                    let (r, col) = (i - pad + p, j - pad + q)
                    guard r >= 0, r < size.0, col >= 0, col < size.1 else { continue }
                    let xi = ((n * 16 + c) * size.0 + r) * size.1 + col
                    let wi = ((k * 16 + c) * 3 + p) * 3 + q
                    dx[xi] += g * Double(w.scalars[wi])
                    dw[wi] += g * Double(x.scalars[xi])
                  }
                }
              }
            }
          }
        }
      }
      let one = (
        geometry.forward(x.scalars, w.scalars, threads: 1), geometry.inputGradient(dy.scalars, w.scalars, threads: 1),
        geometry.weightGradient(x.scalars, dy.scalars, threads: 1))
      expectClose(Tensor(shape: geometry.outputShape, scalars: one.0), referenceConv(
        x, w, stride: 1, padding: SpatialPair(height: pad, width: pad), dilation: 1, groups: 1))
      expectClose(Tensor(shape: x.shape, scalars: one.1), dx)
      expectClose(Tensor(shape: w.shape, scalars: one.2), dw, tolerance: 1e-3)
      for threads in [2, 3] {
        #expect(geometry.forward(x.scalars, w.scalars, threads: threads) == one.0)
        #expect(geometry.inputGradient(dy.scalars, w.scalars, threads: threads) == one.1)
        #expect(geometry.weightGradient(x.scalars, dy.scalars, threads: threads) == one.2)
      }
    }
  }

  /// Second order through the Winograd path: Σ v ⊙ ∂E/∂x of a 16 → 16 channel 3×3 layer,
  /// differentiated in x and the weight, against finite differences.
  @Test func winogradSecondOrderGradientsMatchFiniteDifferences() {
    let x = testPoint([1, 16, 2, 3], seed: 80)
    let w = testPoint([16, 16, 3, 3], seed: 81, in: -0.25...0.25)
    #expect(Conv2DGeometry(input: x.shape, weight: w.shape, stride: 1, padding: 1, dilation: 1, groups: 1).usesWinograd)
    expectSecondOrder("conv2d winograd", inputs: [x, w]) { x, p in
      x.conv2d(p[0], padding: 1).softplus().sum(alongAxis: 1)
    }
  }
}
