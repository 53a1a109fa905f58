/// YCbCr → RGB as libjpeg does it (`jdcolor.c`, `ycc_rgb_convert`): JFIF's full-range BT.601
/// equations in 16-bit fixed point with libjpeg's tables and rounding.
///
/// ```
/// R = Y + 1.40200·(Cr − 128)
/// G = Y − 0.34414·(Cb − 128) − 0.71414·(Cr − 128)
/// B = Y + 1.77200·(Cb − 128)
/// ```
enum JPEGColorConverter {
  static let scaleBits = 16
  static let oneHalf = 1 << (scaleBits - 1)

  static func fix(_ x: Double) -> Int { Int(x * Double(1 << scaleBits) + 0.5) }

  static let crToR: [Int32] = (0..<256).map { Int32((fix(1.40200) * ($0 - 128) + oneHalf) >> scaleBits) }
  static let cbToB: [Int32] = (0..<256).map { Int32((fix(1.77200) * ($0 - 128) + oneHalf) >> scaleBits) }
  static let crToG: [Int32] = (0..<256).map { Int32(-fix(0.71414) * ($0 - 128)) }
  static let cbToG: [Int32] = (0..<256).map { Int32(-fix(0.34414) * ($0 - 128) + oneHalf) }

  /// Converts `count` pixels of full-resolution Y, Cb, Cr rows into interleaved RGB.
  static func convert(
    y: UnsafePointer<UInt8>, cb: UnsafePointer<UInt8>, cr: UnsafePointer<UInt8>, count: Int,
    into out: UnsafeMutablePointer<UInt8>
  ) {
    crToR.withUnsafeBufferPointer { crR in
      cbToB.withUnsafeBufferPointer { cbB in
        crToG.withUnsafeBufferPointer { crG in
          cbToG.withUnsafeBufferPointer { cbG in
            for i in 0..<count {
              let luma = Int32(y[i])
              let blue = Int(cb[i])
              let red = Int(cr[i])
              out[3 * i] = clamp(luma + crR[red])
              out[3 * i + 1] = clamp(luma + ((cbG[blue] + crG[red]) >> 16))
              out[3 * i + 2] = clamp(luma + cbB[blue])
            }
          }
        }
      }
    }
  }

  @inline(__always)
  static func clamp(_ v: Int32) -> UInt8 { v < 0 ? 0 : v > 255 ? 255 : UInt8(v) }
}
