import Foundation
import Tensors

/// The 2-D toy distributions of the generative-EBM literature, as generated in FFJORD
/// (Grathwohl et al. 2019, `toy_data.py`) and scikit-learn's `make_moons` / `make_circles` /
/// `make_swiss_roll`. Every draw comes from the given generator.
public enum Toy2DDistribution: String, Sendable, CaseIterable {
  case eightGaussians = "8gaussians"
  case moons
  case swissroll
  case circles
  case checkerboard
  case pinwheel
  case twoSpirals = "2spirals"

  /// The generator's usual noise level (what `noise` scales; see ``sample(count:noise:using:)``).
  public var defaultNoise: Double {
    switch self {
    case .eightGaussians: 0.5 / 2.0.squareRoot()
    case .moons: 0.1
    case .swissroll: 1.0
    case .circles: 0.08
    case .checkerboard: 0
    case .pinwheel: 0.3
    case .twoSpirals: 0.1
    }
  }

  /// One line for the registry.
  public var summary: String {
    switch self {
    case .eightGaussians: "mixture of 8 Gaussians on a circle of radius 2√2 (std 0.35)"
    case .moons: "two interleaved half circles (scikit-learn make_moons, scaled ×2)"
    case .swissroll: "2-D swiss roll (make_swiss_roll, x and z, /5)"
    case .circles: "two concentric circles (make_circles factor 0.5, ×3)"
    case .checkerboard: "uniform on the black squares of a 4×4 checkerboard on [-4, 4]²"
    case .pinwheel: "pinwheel with 5 arms (radial std 0.3, tangential 0.1)"
    case .twoSpirals: "two interleaved spirals"
    }
  }

  /// Centres of the modes for mode coverage (8 Gaussians only); `nil` for data without modes.
  public var modes: [[Double]]? {
    guard self == .eightGaussians else { return nil }
    let r = 4 / 2.0.squareRoot()
    return (0..<8).map { k in
      let a = Double(k) * Double.pi / 4
      return [r * Foundation.cos(a), r * Foundation.sin(a)]
    }
  }

  /// `count` points `[count, 2]`; `noise` is the dataset's noise parameter (see
  /// ``defaultNoise``; for 8 Gaussians the component std, for pinwheel the radial std).
  public func sample(count: Int, noise: Double, using rng: inout RandomGenerator) -> Tensor {
    var out = [Float]()
    out.reserveCapacity(2 * count)
    func normal() -> Double { Double(rng.nextNormal()) }
    func uniform() -> Double { rng.nextDouble() }
    switch self {
    case .eightGaussians:
      let centres = modes!
      for _ in 0..<count {
        let c = centres[rng.uniformInt(below: 8)]
        out += [Float(c[0] + noise * normal()), Float(c[1] + noise * normal())]
      }
    case .moons:
      // make_moons: outer half circle (cos t, sin t), inner (1 − cos t, 1 − sin t − 0.5), t ∈ [0, π];
      // then ×2 + (−1, −0.2) (FFJORD).
      let outer = count - count / 2
      for i in 0..<count {
        let inner = i >= outer
        let index = inner ? i - outer : i
        let total = inner ? count / 2 : outer
        let t = total > 1 ? Double.pi * Double(index) / Double(total - 1) : 0
        var x = inner ? 1 - Foundation.cos(t) : Foundation.cos(t)
        var y = inner ? 1 - Foundation.sin(t) - 0.5 : Foundation.sin(t)
        x += noise * normal()
        y += noise * normal()
        out += [Float(x * 2 - 1), Float(y * 2 - 0.2)]
      }
    case .swissroll:
      for _ in 0..<count {
        let t = 1.5 * Double.pi * (1 + 2 * uniform())
        let x = t * Foundation.cos(t) + noise * normal()
        let z = t * Foundation.sin(t) + noise * normal()
        _ = normal()  // make_swiss_roll also draws noise for the unused height coordinate
        out += [Float(x / 5), Float(z / 5)]
      }
    case .circles:
      let outer = count - count / 2
      for i in 0..<count {
        let inner = i >= outer
        let index = inner ? i - outer : i
        let total = inner ? count / 2 : outer
        let t = 2 * Double.pi * Double(index) / Double(max(total, 1))
        let r = inner ? 0.5 : 1.0
        let x = r * Foundation.cos(t) + noise * normal()
        let y = r * Foundation.sin(t) + noise * normal()
        out += [Float(3 * x), Float(3 * y)]
      }
    case .checkerboard:
      for _ in 0..<count {
        let x1 = uniform() * 4 - 2
        let x2 = uniform() - Double(rng.uniformInt(below: 2)) * 2 + Foundation.floor(x1).truncatingRemainder(dividingBy: 2).magnitude
        out += [Float(x1 * 2 + noise * normal()), Float(x2 * 2 + noise * normal())]
      }
    case .pinwheel:
      let arms = 5
      let tangential = 0.1
      let rate = 0.25
      for i in 0..<count {
        let arm = i % arms
        let f0 = normal() * noise + 1
        let f1 = normal() * tangential
        let angle = 2 * Double.pi * Double(arm) / Double(arms) + rate * Foundation.exp(f0)
        let c = Foundation.cos(angle)
        let s = Foundation.sin(angle)
        out += [Float(2 * (f0 * c + f1 * s)), Float(2 * (-f0 * s + f1 * c))]
      }
    case .twoSpirals:
      for i in 0..<count {
        let n = uniform().squareRoot() * 540 * (2 * Double.pi) / 360
        var x = -Foundation.cos(n) * n + uniform() * 0.5
        var y = Foundation.sin(n) * n + uniform() * 0.5
        if i % 2 == 1 {
          x = -x
          y = -y
        }
        out += [Float(x / 3 + noise * normal()), Float(y / 3 + noise * normal())]
      }
    }
    // Shuffle rows so that batches mix classes/arms (the generators above emit them in order).
    let order = rng.permutation(count)
    var shuffled = [Float](repeating: 0, count: 2 * count)
    for (i, j) in order.enumerated() {
      shuffled[2 * i] = out[2 * j]
      shuffled[2 * i + 1] = out[2 * j + 1]
    }
    return Tensor(shape: [count, 2], scalars: shuffled)
  }
}
