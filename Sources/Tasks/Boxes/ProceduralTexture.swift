import Foundation
import Tensors

/// Random procedural textures, the backgrounds of domain randomisation (Tobin et al., "Domain
/// Randomization for Transferring Deep Neural Networks from Simulation to the Real World",
/// IROS 2017): training on backgrounds that vary far more than a few photographs do keeps the
/// box energy from learning what the training photographs' backgrounds look like, and makes it
/// read the target's outline instead.
///
/// One texture, every draw from the generator passed in:
/// - fractal value noise: 1–4 octaves; the coarsest a lattice of 2–15 cells per side of values
///   U(0, 1), smoothstep-interpolated; each further octave twice the cells at an amplitude
///   0.4–0.7 times the previous;
/// - with probability 0.4 an oriented sinusoidal grating added (4–24 periods per side, any
///   direction, amplitude 0.2–1);
/// - the sum scaled to [0, 1] and mapped through a colour ramp between two random RGB colours.
public enum ProceduralTexture {
  /// A `side` × `side` RGB texture.
  public static func random(side: Int = 256, using rng: inout RandomGenerator) -> Photo {
    precondition(side >= 2, "ProceduralTexture: a side of at least 2 pixels")
    func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * rng.nextDouble() }
    var value = [Double](repeating: 0, count: side * side)
    var cells = 2 + rng.uniformInt(below: 14)
    var amplitude = 1.0
    for _ in 0..<(1 + rng.uniformInt(below: 4)) {
      addValueNoise(cells: cells, amplitude: amplitude, side: side, to: &value, using: &rng)
      amplitude *= uniform(0.4, 0.7)
      cells *= 2
    }
    if rng.nextDouble() < 0.4 {
      let frequency = uniform(4, 24) / Double(side)
      let angle = uniform(0, .pi)
      let strength = uniform(0.2, 1)
      let (cosine, sine) = (cos(angle), sin(angle))
      for i in 0..<side {
        for j in 0..<side {
          value[i * side + j] += strength * sin(2 * .pi * frequency * (cosine * Double(j) + sine * Double(i)))
        }
      }
    }
    let low = value.min()!
    let range = max(value.max()! - low, 1e-12)
    let colours = (0..<2).map { _ in (0..<3).map { _ in Float(rng.nextDouble()) } }
    var rgb = [Float](repeating: 0, count: side * side * 3)
    for k in 0..<(side * side) {
      let t = Float((value[k] - low) / range)
      for c in 0..<3 { rgb[k * 3 + c] = colours[0][c] + t * (colours[1][c] - colours[0][c]) }
    }
    return Photo(width: side, height: side, rgb: rgb)
  }

  /// Adds one octave of value noise: a lattice of (`cells` + 1)² values U(0, 1) over the
  /// texture, smoothstep-interpolated between lattice points, times `amplitude`.
  static func addValueNoise(cells: Int, amplitude: Double, side: Int, to value: inout [Double], using rng: inout RandomGenerator) {
    let n = cells + 1
    let lattice = (0..<(n * n)).map { _ in rng.nextDouble() }
    func cell(_ pixel: Int) -> (index: Int, weight: Double) {
      let position = Double(pixel) / Double(side) * Double(cells)
      let index = min(Int(position), cells - 1)
      let t = position - Double(index)
      return (index, t * t * (3 - 2 * t))
    }
    let columns = (0..<side).map(cell)
    for i in 0..<side {
      let (y0, ty) = cell(i)
      for j in 0..<side {
        let (x0, tx) = columns[j]
        let top = lattice[y0 * n + x0] * (1 - tx) + lattice[y0 * n + x0 + 1] * tx
        let bottom = lattice[(y0 + 1) * n + x0] * (1 - tx) + lattice[(y0 + 1) * n + x0 + 1] * tx
        value[i * side + j] += amplitude * (top * (1 - ty) + bottom * ty)
      }
    }
  }
}
