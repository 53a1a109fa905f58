@testable import Images

/// Test reference: libjpeg's `jpeg_idct_islow` written out scalar, statement by statement as in
/// `jidctint.c` (with its all-zero shortcuts), against which the SIMD transform is checked.
///
/// The "islow" integer inverse DCT of libjpeg (`jidctint.c`, IJG 6b, as in libjpeg-turbo): the
/// Loeffler–Ligtenberg–Moschytz 8-point IDCT with 13-bit fixed-point constants, columns first
/// (keeping 2 extra bits of precision), then rows, each output clamped to 0...255 after adding
/// 128. Bit-exact with libjpeg's `jpeg_idct_islow`, which Pillow uses by default.
///
/// References: C. Loeffler, A. Ligtenberg, G. Moschytz, "Practical fast 1-D DCT algorithms with
/// 11 multiplications", ICASSP 1989; Independent JPEG Group, `jidctint.c`.
enum ScalarIslowIDCT {
  static let constBits = 13
  static let pass1Bits = 2
  static let fix0_298631336 = 2446
  static let fix0_390180644 = 3196
  static let fix0_541196100 = 4433
  static let fix0_765366865 = 6270
  static let fix0_899976223 = 7373
  static let fix1_175875602 = 9633
  static let fix1_501321110 = 12299
  static let fix1_847759065 = 15137
  static let fix1_961570560 = 16069
  static let fix2_053119869 = 16819
  static let fix2_562915447 = 20995
  static let fix3_072711026 = 25172

  /// Dequantises the 64 coefficients of `block` (natural order) by `quant` and writes the 8×8
  /// samples to `output`, rows `stride` bytes apart; `workspace` holds 64 intermediate values.
  @inline(__always)
  static func transform(
    _ block: UnsafePointer<Int16>, quant: UnsafePointer<Int32>, output: UnsafeMutablePointer<UInt8>,
    stride: Int, workspace ws: UnsafeMutablePointer<Int32>
  ) {
    do {
      // Pass 1: columns, results scaled up by 2^pass1Bits.
      for column in 0..<8 {
        let c = block + column
        let q = quant + column
        if c[8] == 0 && c[16] == 0 && c[24] == 0 && c[32] == 0 && c[40] == 0 && c[48] == 0 && c[56] == 0 {
          let dc = (Int32(c[0]) &* q[0]) << Int32(pass1Bits)
          for row in 0..<8 { ws[row * 8 + column] = dc }
          continue
        }
        var z2 = Int(c[16]) &* Int(q[16])
        var z3 = Int(c[48]) &* Int(q[48])
        var z1 = (z2 &+ z3) &* fix0_541196100
        var tmp2 = z1 &+ z3 &* -fix1_847759065
        var tmp3 = z1 &+ z2 &* fix0_765366865
        z2 = Int(c[0]) &* Int(q[0])
        z3 = Int(c[32]) &* Int(q[32])
        var tmp0 = (z2 &+ z3) << constBits
        var tmp1 = (z2 &- z3) << constBits
        let tmp10 = tmp0 &+ tmp3
        let tmp13 = tmp0 &- tmp3
        let tmp11 = tmp1 &+ tmp2
        let tmp12 = tmp1 &- tmp2

        tmp0 = Int(c[56]) &* Int(q[56])
        tmp1 = Int(c[40]) &* Int(q[40])
        tmp2 = Int(c[24]) &* Int(q[24])
        tmp3 = Int(c[8]) &* Int(q[8])
        (tmp0, tmp1, tmp2, tmp3) = odd(tmp0, tmp1, tmp2, tmp3)

        let shift = constBits - pass1Bits
        let round = 1 << (shift - 1)
        ws[column] = Int32(truncatingIfNeeded: (tmp10 &+ tmp3 &+ round) >> shift)
        ws[56 + column] = Int32(truncatingIfNeeded: (tmp10 &- tmp3 &+ round) >> shift)
        ws[8 + column] = Int32(truncatingIfNeeded: (tmp11 &+ tmp2 &+ round) >> shift)
        ws[48 + column] = Int32(truncatingIfNeeded: (tmp11 &- tmp2 &+ round) >> shift)
        ws[16 + column] = Int32(truncatingIfNeeded: (tmp12 &+ tmp1 &+ round) >> shift)
        ws[40 + column] = Int32(truncatingIfNeeded: (tmp12 &- tmp1 &+ round) >> shift)
        ws[24 + column] = Int32(truncatingIfNeeded: (tmp13 &+ tmp0 &+ round) >> shift)
        ws[32 + column] = Int32(truncatingIfNeeded: (tmp13 &- tmp0 &+ round) >> shift)
      }
      // Pass 2: rows, removing the pass-1 scaling and the 8 of the 2-D DCT's normalisation.
      let shift = constBits + pass1Bits + 3
      let round = 1 << (shift - 1)
      for row in 0..<8 {
        let w = ws + row * 8
        let out = output + row * stride
        if w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0 && w[6] == 0 && w[7] == 0 {
          let value = clamp(((Int(w[0]) &+ (1 << (pass1Bits + 2))) >> (pass1Bits + 3)))
          for i in 0..<8 { out[i] = value }
          continue
        }
        var z2 = Int(w[2])
        var z3 = Int(w[6])
        let z1 = (z2 &+ z3) &* fix0_541196100
        var tmp2 = z1 &+ z3 &* -fix1_847759065
        var tmp3 = z1 &+ z2 &* fix0_765366865
        z2 = Int(w[0])
        z3 = Int(w[4])
        var tmp0 = (z2 &+ z3) << constBits
        var tmp1 = (z2 &- z3) << constBits
        let tmp10 = tmp0 &+ tmp3
        let tmp13 = tmp0 &- tmp3
        let tmp11 = tmp1 &+ tmp2
        let tmp12 = tmp1 &- tmp2
        (tmp0, tmp1, tmp2, tmp3) = odd(Int(w[7]), Int(w[5]), Int(w[3]), Int(w[1]))
        out[0] = clamp((tmp10 &+ tmp3 &+ round) >> shift)
        out[7] = clamp((tmp10 &- tmp3 &+ round) >> shift)
        out[1] = clamp((tmp11 &+ tmp2 &+ round) >> shift)
        out[6] = clamp((tmp11 &- tmp2 &+ round) >> shift)
        out[2] = clamp((tmp12 &+ tmp1 &+ round) >> shift)
        out[5] = clamp((tmp12 &- tmp1 &+ round) >> shift)
        out[3] = clamp((tmp13 &+ tmp0 &+ round) >> shift)
        out[4] = clamp((tmp13 &- tmp0 &+ round) >> shift)
      }
    }
  }

  /// The odd part: inputs are the coefficients 7, 5, 3, 1; outputs tmp0...tmp3 of jidctint.c.
  @inline(__always)
  static func odd(_ t0: Int, _ t1: Int, _ t2: Int, _ t3: Int) -> (Int, Int, Int, Int) {
    var z1 = t0 &+ t3
    var z2 = t1 &+ t2
    var z3 = t0 &+ t2
    var z4 = t1 &+ t3
    let z5 = (z3 &+ z4) &* fix1_175875602
    var tmp0 = t0 &* fix0_298631336
    var tmp1 = t1 &* fix2_053119869
    var tmp2 = t2 &* fix3_072711026
    var tmp3 = t3 &* fix1_501321110
    z1 = z1 &* -fix0_899976223
    z2 = z2 &* -fix2_562915447
    z3 = z3 &* -fix1_961570560 &+ z5
    z4 = z4 &* -fix0_390180644 &+ z5
    tmp0 = tmp0 &+ z1 &+ z3
    tmp1 = tmp1 &+ z2 &+ z4
    tmp2 = tmp2 &+ z2 &+ z3
    tmp3 = tmp3 &+ z1 &+ z4
    return (tmp0, tmp1, tmp2, tmp3)
  }

  /// value + 128 clamped to 0...255 (libjpeg's range-limit table).
  @inline(__always)
  static func clamp(_ value: Int) -> UInt8 {
    let v = value &+ 128
    return v < 0 ? 0 : v > 255 ? 255 : UInt8(v)
  }
}
