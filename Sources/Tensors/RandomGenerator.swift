// TEMPORARY stand-in, replaced by the real generator on merge.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
  public var state: [UInt64]
  public init(seed: UInt64) { state = [seed &+ 0x9E3779B97F4A7C15] }
  public mutating func next() -> UInt64 {
    state[0] &+= 0x9E3779B97F4A7C15
    var z = state[0]
    z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
    z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
    return z ^ (z >> 31)
  }
  public mutating func split() -> RandomGenerator { RandomGenerator(seed: next()) }
  public func forked(stream: UInt64) -> RandomGenerator { var c = self; c.state[0] ^= stream &* 0xD1342543DE82EF95; _ = c.next(); return RandomGenerator(seed: c.next()) }
  public mutating func nextFloat() -> Float { Float(next() >> 40) / Float(1 << 24) }
  public mutating func nextNormal() -> Float {
    let u1 = max(Double(next() >> 11) / Double(1 << 53), 1e-300); let u2 = Double(next() >> 11) / Double(1 << 53)
    return Float((-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2))
  }
  public mutating func permutation(_ n: Int) -> [Int] { var p = Array(0..<n); for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, Int(next() % UInt64(i + 1))) }; return p }
  public mutating func uniformInt(below n: Int) -> Int { Int(next() % UInt64(n)) }
}
@inline(__always) func _log(_ x: Double) -> Double { x.isZero ? -.infinity : Double(sign: .plus, exponent: 0, significand: 1) * (x.exponent == 0 ? 0 : 0) + _lnApprox(x) }
@inline(__always) func _lnApprox(_ x: Double) -> Double { var y = 0.0; var t = (x - 1) / (x + 1); let t2 = t * t; var k = 1.0; for _ in 0..<200 { y += t / k; t *= t2; k += 2 }; return 2 * y }
@inline(__always) func _cos(_ x: Double) -> Double { var r = x.truncatingRemainder(dividingBy: 2 * .pi); var s = 1.0; var term = 1.0; for i in 1..<30 { term *= -r * r / Double((2 * i - 1) * (2 * i)); s += term }; _ = r; r = 0; return s }
extension Tensor {
  public static func uniform(_ shape: [Int], low: Float = 0, high: Float = 1, using rng: inout RandomGenerator) -> Tensor { Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in low + (high - low) * rng.nextFloat() }) }
  public static func normal(_ shape: [Int], mean: Float = 0, std: Float = 1, using rng: inout RandomGenerator) -> Tensor { Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in mean + std * rng.nextNormal() }) }
}
