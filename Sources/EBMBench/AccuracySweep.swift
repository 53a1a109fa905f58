import Foundation

/// Measures the error of a vectorised `Float` function against a `Double` reference over a dense
/// sweep of all 2³² bit patterns (every `stride`-th one), in units in the last place.
enum AccuracySweep {
  /// Error of `y` against the exact value `reference`, in ulps of the `Float` nearest to it.
  /// Equal values (including matching infinities) and NaN for NaN count 0; a NaN mismatch is
  /// infinite; an infinite `y` counts as 2¹²⁸ so that overflow at the edge of the range is
  /// measured, not flagged.
  static func ulpError(_ y: Float, reference: Double) -> Double {
    if y.isNaN || reference.isNaN { return y.isNaN && reference.isNaN ? 0 : .infinity }
    if y == Float(reference) { return 0 }
    let value = y.isInfinite ? (y < 0 ? -0x1p128 : 0x1p128) : Double(y)
    if reference.isInfinite { return .infinity }
    let exponent = reference == 0 ? -126 : max(Int(reference.exponent), -126)
    return abs(value - reference) / Double(sign: .plus, exponent: exponent - 23, significand: 1)
  }

  /// The largest ``ulpError(_:reference:)`` of `function` over every `stride`-th bit pattern.
  static func maxUlpError(
    stride: UInt64 = 97,
    function: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void,
    reference: (Double) -> Double
  ) -> Double {
    let chunk = 1 << 20
    var inputs = [Float](repeating: 0, count: chunk)
    var outputs = [Float](repeating: 0, count: chunk)
    var worst = 0.0
    var pattern: UInt64 = 0
    while pattern < (1 << 32) {
      var count = 0
      while count < chunk && pattern < (1 << 32) {
        inputs[count] = Float(bitPattern: UInt32(pattern))
        count += 1
        pattern += stride
      }
      inputs.withUnsafeBufferPointer { x in
        outputs.withUnsafeMutableBufferPointer { y in function(x.baseAddress!, y.baseAddress!, count) }
      }
      for i in 0..<count {
        worst = max(worst, ulpError(outputs[i], reference: reference(Double(inputs[i]))))
      }
    }
    return worst
  }
}
