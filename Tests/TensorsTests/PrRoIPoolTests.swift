import Foundation
import Testing

@testable import Tensors

/// PrRoI pooling against closed forms, brute-force numerical integration of the bilinear map,
/// finite differences (features and box corners, first and second order), the composed
/// tensor-op version, and itself on other thread counts and on the portable path.
@Suite struct PrRoIPoolTests {
  /// The bilinear interpolation of one channel at (y, x), zero outside the map (the reference's
  /// convention), in Double.
  static func interpolate(_ f: Tensor, n: Int, c: Int, y: Double, x: Double) -> Double {
    let (channels, h, w) = (f.shape[1], f.shape[2], f.shape[3])
    var value = 0.0
    for i in Int(floor(y))...(Int(floor(y)) + 1) {
      for j in Int(floor(x))...(Int(floor(x)) + 1) where i >= 0 && i < h && j >= 0 && j < w {
        let weight = max(0, 1 - abs(y - Double(i))) * max(0, 1 - abs(x - Double(j)))
        value += weight * Double(f.scalars[((n * channels + c) * h + i) * w + j])
      }
    }
    return value
  }

  /// The bin averages by the midpoint rule on a `samples × samples` grid per bin.
  static func bruteForce(_ f: Tensor, boxes: Tensor, ph: Int, pw: Int, scale: Float, samples: Int = 240) -> [Float] {
    var out: [Float] = []
    for k in 0..<boxes.shape[0] {
      let box = boxes.scalars[(5 * k)..<(5 * k + 5)].map { Double($0) }
      let (x1, y1, x2, y2) = (box[1] * Double(scale), box[2] * Double(scale), box[3] * Double(scale), box[4] * Double(scale))
      let (bw, bh) = (max(x2 - x1, 0) / Double(pw), max(y2 - y1, 0) / Double(ph))
      for c in 0..<f.shape[1] {
        for p in 0..<ph {
          for q in 0..<pw {
            guard bw * bh > 0 else {
              out.append(0)
              continue
            }
            var sum = 0.0
            for a in 0..<samples {
              let y = y1 + bh * (Double(p) + (Double(a) + 0.5) / Double(samples))
              for b in 0..<samples {
                let x = x1 + bw * (Double(q) + (Double(b) + 0.5) / Double(samples))
                sum += interpolate(f, n: Int(box[0]), c: c, y: y, x: x)
              }
            }
            out.append(Float(sum / Double(samples * samples)))
          }
        }
      }
    }
    return out
  }

  static func features(_ shape: [Int], seed: UInt64) -> Tensor {
    var rng = RandomGenerator(seed: seed)
    return Tensor.normal(shape, using: &rng)
  }

  /// Boxes inside, straddling the border, beyond it, inside one grid cell, and wide and thin.
  static let boxes = Tensor(shape: [6, 5], scalars: [
    0, 1.0, 2.2, 9.4, 8.6,
    1, -3.0, -1.5, 4.2, 6.6,
    0, 8.3, 9.1, 16.0, 15.2,
    1, 4.3, 5.1, 5.7, 5.9,
    0, 0.4, 3.3, 13.7, 4.1,
    1, 2.2, 0.7, 6.5, 12.9,
  ])

  @Test func matchesNumericalIntegration() {
    let f = Self.features([2, 3, 6, 7], seed: 11)
    let out = Tensor.prRoIPool(f, boxes: Self.boxes, pooledHeight: 2, pooledWidth: 3, spatialScale: 0.5)
    #expect(out.shape == [6, 3, 2, 3])
    let reference = Self.bruteForce(f, boxes: Self.boxes, ph: 2, pw: 3, scale: 0.5)
    for (a, b) in zip(out.scalars, reference) { #expect(abs(a - b) <= 2e-4, "\(a) vs brute force \(b)") }
  }

  @Test func constantAndLinearMapsGiveClosedForms() {
    // Inside the grid's hull a constant map interpolates to the constant and F[i, j] = j to x,
    // so every bin averages to 1 and to its centre's x.
    let (h, w) = (5, 8)
    let ones = Tensor.ones([1, 1, h, w])
    let ramp = Tensor(shape: [1, 1, h, w], scalars: (0..<(h * w)).map { Float($0 % w) })
    let boxes = Tensor(shape: [1, 5], scalars: [0, 0.5, 0.25, 6.75, 3.5])
    let pooledOnes = Tensor.prRoIPool(ones, boxes: boxes, pooledHeight: 3, pooledWidth: 4, spatialScale: 1)
    for v in pooledOnes.scalars { #expect(abs(v - 1) <= 1e-6) }
    let pooledRamp = Tensor.prRoIPool(ramp, boxes: boxes, pooledHeight: 3, pooledWidth: 4, spatialScale: 1)
    let binWidth: Float = (6.75 - 0.5) / 4
    for p in 0..<3 {
      for q in 0..<4 {
        let centre = 0.5 + binWidth * (Float(q) + 0.5)
        #expect(abs(pooledRamp.scalars[p * 4 + q] - centre) <= 1e-5)
      }
    }
  }

  @Test func emptyBinsPoolToZeroWithZeroGradients() {
    let f = Self.features([1, 2, 4, 4], seed: 3)
    // x2 < x1, zero height, and (a non-empty bin) entirely beyond the map.
    let boxes = Tensor(shape: [3, 5], scalars: [0, 3, 1, 1, 3, 0, 1, 2, 3, 2, 0, 10, 10, 14, 12])
    let (value, grads) = valueWithGradient(at: [f, boxes]) { p in
      Tensor.prRoIPool(p[0], boxes: p[1], pooledHeight: 2, pooledWidth: 2, spatialScale: 1).sum()
    }
    #expect(value.scalar == 0)
    #expect(grads[0].scalars.allSatisfy { $0 == 0 } && grads[1].scalars.allSatisfy { $0 == 0 })
    // The same through the recorded rule (createGraph), beside a NaN box and a valid one.
    let mixed = Tensor.concatenate([boxes, Tensor(shape: [2, 5], scalars: [0, .nan, 0, 2, 2, 0, 0.5, 0.5, 2.5, 3])])
    let composed = Tensor.prRoIPoolComposed(f, boxes: mixed, pooledHeight: 2, pooledWidth: 2, spatialScale: 1)
    #expect(composed.scalars[0..<24].allSatisfy { $0 == 0 } && composed.scalars[24..<32].allSatisfy(\.isNaN))
    let fast = Tensor.prRoIPool(f, boxes: mixed, pooledHeight: 2, pooledWidth: 2, spatialScale: 1)
    for (u, v) in zip(composed.scalars[32...], fast.scalars[32...]) { #expect(abs(u - v) <= 1e-5) }
    let leaves = [f.requiringGradient(), boxes.requiringGradient()]
    let recorded = gradients(
      of: Tensor.prRoIPool(leaves[0], boxes: leaves[1], pooledHeight: 2, pooledWidth: 2, spatialScale: 1).sum(),
      at: leaves, createGraph: true)
    #expect(recorded[0].scalars.allSatisfy { $0 == 0 } && recorded[1].scalars.allSatisfy { $0 == 0 })
  }

  @Test func nanCoordinatesGiveNaN() {
    let f = Self.features([1, 2, 4, 4], seed: 3)
    let boxes = Tensor(shape: [2, 5], scalars: [0, .nan, 1, 3, 3, 0, 0.5, 0.5, 2.5, 2.5])
    let out = Tensor.prRoIPool(f, boxes: boxes, pooledHeight: 2, pooledWidth: 2, spatialScale: 1)
    #expect(out.scalars[0..<8].allSatisfy(\.isNaN) && out.scalars[8...].allSatisfy(\.isFinite))
  }

  /// Boxes with corners beyond ±2⁶³ (the exp of a diverged log-size, as Langevin chains on box
  /// energies can produce) pool to what the composed ops give — zero off the map, the map's
  /// integral over a huge area across it — on every path, and are read within bounds.
  @Test func farOffBoxesPoolLikeTheComposedOps() {
    let f = Self.features([2, 3, 4, 5], seed: 4)
    let boxes = Tensor(shape: [4, 5], scalars: [
      0, 1e20, 1e20, 2e20, 2e20,  // beyond the map's far corner
      1, -2e20, -2e20, -1e20, -1e20,  // beyond its near corner
      0, -3e19, -3e19, 3e19, 3e19,  // covering it, huge area
      1, -1e20, 0.5, 1e20, 2.5,  // a wide strip across it
    ])
    let composed = Tensor.prRoIPoolComposed(f, boxes: boxes, pooledHeight: 2, pooledWidth: 2, spatialScale: 1)
    #expect(composed.scalars[0..<24].allSatisfy { $0 == 0 })
    for portable in [false, true] {
      let (value, grads) = valueWithGradient(at: [f, boxes]) { p in
        Tensor.prRoIPool(p[0], boxes: p[1], pooledHeight: 2, pooledWidth: 2, spatialScale: 1, portable: portable, threads: 1)
          .sum()
      }
      #expect(value.scalar.isFinite)
      #expect(grads.allSatisfy { $0.scalars.allSatisfy(\.isFinite) })
      let fast = Tensor.prRoIPool(f, boxes: boxes, pooledHeight: 2, pooledWidth: 2, spatialScale: 1, portable: portable, threads: 1)
      for (u, v) in zip(fast.scalars, composed.scalars) { #expect(abs(u - v) <= 1e-6, "\(u) vs \(v)") }
    }
  }

  @Test func gradientsMatchFiniteDifferences() {
    let f = Self.features([2, 2, 6, 7], seed: 5)
    var rng = RandomGenerator(seed: 6)
    let probe = Tensor.normal([6, 2, 2, 3], using: &rng)
    // Away from the kinks of the second derivative, so that central differences are accurate.
    let corners = Self.boxes.slice(alongAxis: 1, 1..<5) + 0.13
    let indices = Self.boxes.slice(alongAxis: 1, 0..<1)
    // The checker perturbs every element it is given, so the batch indices stay outside.
    let result = GradientChecker.check(at: [f, corners], epsilon: 1e-2, absoluteTolerance: 2e-3, relativeTolerance: 1e-2) { p in
      let boxes = Tensor.concatenate([indices, p[1]], alongAxis: 1)
      return (Tensor.prRoIPool(p[0], boxes: boxes, pooledHeight: 2, pooledWidth: 3, spatialScale: 0.5) * probe).sum()
    }
    #expect(result.passed, "\(result)")
  }

  @Test func kernelsMatchComposedOpsAndEachOther() {
    let f = Self.features([2, 40, 6, 7], seed: 8)  // two channel blocks
    var rng = RandomGenerator(seed: 9)
    let probe = Tensor.normal([6, 40, 3, 2], using: &rng)
    func run(_ pool: (Tensor, Tensor) -> Tensor) -> (Tensor, [Tensor]) {
      let (value, grads) = valueWithGradient(at: [f, Self.boxes]) { p in (pool(p[0], p[1]) * probe).sum() }
      return (value, grads)
    }
    let composed = run { Tensor.prRoIPoolComposed($0, boxes: $1, pooledHeight: 3, pooledWidth: 2, spatialScale: 0.5) }
    let variants: [(Bool, Int)] = [(false, 1), (false, 2), (false, 3), (true, 1), (true, 2)]
    var first: [Tensor]? = nil
    for (portable, threads) in variants {
      let fast = run {
        Tensor.prRoIPool($0, boxes: $1, pooledHeight: 3, pooledWidth: 2, spatialScale: 0.5, portable: portable, threads: threads)
      }
      #expect(abs(fast.0.scalar - composed.0.scalar) <= 1e-3 * max(1, abs(composed.0.scalar)))
      for (a, b) in zip(fast.1, composed.1) {
        for (u, v) in zip(a.scalars, b.scalars) { #expect(abs(u - v) <= 1e-3 * max(1, abs(v)), "\(u) vs \(v)") }
      }
      if !portable {
        // Same bits on any thread count.
        if let first { #expect(first.map(\.scalars) == fast.1.map(\.scalars)) } else { first = fast.1 }
      }
    }
  }

  @Test func secondOrderMatchesFiniteDifferencesOfTheFirst() {
    // ‖∂E/∂box‖² differentiated with respect to the features: needs the recorded rule.
    let f = Self.features([1, 2, 5, 6], seed: 12)
    let boxes = Tensor(shape: [2, 5], scalars: [0, 0.6, 1.3, 8.1, 7.4, 0, 3.3, -1.2, 11.7, 6.2])
    var rng = RandomGenerator(seed: 13)
    let probe = Tensor.normal([2, 2, 2, 2], using: &rng)
    let result = GradientChecker.check(at: [f], epsilon: 1e-2, absoluteTolerance: 2e-3, relativeTolerance: 2e-2) { p in
      withGradients {
        let b = boxes.requiringGradient()
        let energy = (Tensor.prRoIPool(p[0], boxes: b, pooledHeight: 2, pooledWidth: 2, spatialScale: 0.5) * probe).sum()
        return gradients(of: energy, at: [b], createGraph: true)[0].squared().sum()
      }
    }
    #expect(result.passed, "\(result)")
  }
}
