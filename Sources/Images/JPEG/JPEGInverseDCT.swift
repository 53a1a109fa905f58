/// The "islow" integer inverse DCT of libjpeg (`jidctint.c`, IJG 6b, as in libjpeg-turbo): the
/// Loeffler–Ligtenberg–Moschytz 8-point IDCT with 13-bit fixed-point constants, columns first
/// (keeping 2 extra bits of precision), then rows, each output clamped to 0...255 after adding
/// 128. Bit-exact with libjpeg's `jpeg_idct_islow`, which Pillow uses by default.
///
/// The eight columns (then, after a transpose, the eight rows) are transformed at once as
/// `SIMD8<Int32>` lanes; libjpeg's all-zero shortcuts give the same values as the full
/// computation, so they are not needed. Like libjpeg-turbo's SIMD IDCT the lanes are 32-bit;
/// coefficients far beyond what 8-bit samples produce could wrap where the 64-bit C version
/// does not (both outputs are meaningless then; nothing traps).
///
/// References: C. Loeffler, A. Ligtenberg, G. Moschytz, "Practical fast 1-D DCT algorithms with
/// 11 multiplications", ICASSP 1989; Independent JPEG Group, `jidctint.c`.
enum JPEGInverseDCT {
  typealias Lanes = SIMD8<Int32>

  static let constBits: Int32 = 13
  static let pass1Bits: Int32 = 2
  static let fix0_298631336: Int32 = 2446
  static let fix0_390180644: Int32 = 3196
  static let fix0_541196100: Int32 = 4433
  static let fix0_765366865: Int32 = 6270
  static let fix0_899976223: Int32 = 7373
  static let fix1_175875602: Int32 = 9633
  static let fix1_501321110: Int32 = 12299
  static let fix1_847759065: Int32 = 15137
  static let fix1_961570560: Int32 = 16069
  static let fix2_053119869: Int32 = 16819
  static let fix2_562915447: Int32 = 20995
  static let fix3_072711026: Int32 = 25172

  /// Dequantises the 64 coefficients of `block` (natural order) by `quant` and writes the 8×8
  /// samples to `output`, rows `stride` bytes apart; `workspace` holds 64 intermediate values.
  @inline(__always)
  static func transform(
    _ block: UnsafePointer<Int16>, quant: UnsafePointer<Int32>, output: UnsafeMutablePointer<UInt8>,
    stride: Int, workspace ws: UnsafeMutablePointer<Int32>
  ) {
    let coefficients = UnsafeRawPointer(block)
    let table = UnsafeRawPointer(quant)
    @inline(__always) func row(_ r: Int) -> Lanes {
      Lanes(truncatingIfNeeded: coefficients.loadUnaligned(fromByteOffset: 16 * r, as: SIMD8<Int16>.self))
        &* table.loadUnaligned(fromByteOffset: 32 * r, as: Lanes.self)
    }
    // Pass 1: each lane is a column.
    let p = transform1D(row(0), row(1), row(2), row(3), row(4), row(5), row(6), row(7), shift: constBits - pass1Bits)
    // Transpose through the workspace: lane k of vector r becomes lane r of vector k.
    let raw = UnsafeMutableRawPointer(ws)
    raw.storeBytes(of: p.0, toByteOffset: 0, as: Lanes.self)
    raw.storeBytes(of: p.1, toByteOffset: 32, as: Lanes.self)
    raw.storeBytes(of: p.2, toByteOffset: 64, as: Lanes.self)
    raw.storeBytes(of: p.3, toByteOffset: 96, as: Lanes.self)
    raw.storeBytes(of: p.4, toByteOffset: 128, as: Lanes.self)
    raw.storeBytes(of: p.5, toByteOffset: 160, as: Lanes.self)
    raw.storeBytes(of: p.6, toByteOffset: 192, as: Lanes.self)
    raw.storeBytes(of: p.7, toByteOffset: 224, as: Lanes.self)
    @inline(__always) func column(_ c: Int) -> Lanes {
      Lanes(ws[c], ws[8 + c], ws[16 + c], ws[24 + c], ws[32 + c], ws[40 + c], ws[48 + c], ws[56 + c])
    }
    // Pass 2: each lane is a row; vector k holds output column k.
    let o = transform1D(
      column(0), column(1), column(2), column(3), column(4), column(5), column(6), column(7),
      shift: constBits + pass1Bits + 3)
    let low = Lanes(repeating: 0)
    let high = Lanes(repeating: 255)
    let centre = Lanes(repeating: 128)
    @inline(__always) func store(_ k: Int, _ lanes: Lanes) {
      let v = (lanes &+ centre).clamped(lowerBound: low, upperBound: high)
      for r in 0..<8 { output[r * stride + k] = UInt8(truncatingIfNeeded: v[r]) }
    }
    store(0, o.0)
    store(1, o.1)
    store(2, o.2)
    store(3, o.3)
    store(4, o.4)
    store(5, o.5)
    store(6, o.6)
    store(7, o.7)
  }

  /// One 8-point pass of jidctint.c on eight lanes at once: inputs x0...x7, outputs rounded
  /// and shifted right by `shift`.
  @inline(__always)
  static func transform1D(
    _ x0: Lanes, _ x1: Lanes, _ x2: Lanes, _ x3: Lanes, _ x4: Lanes, _ x5: Lanes, _ x6: Lanes, _ x7: Lanes,
    shift: Int32
  ) -> (Lanes, Lanes, Lanes, Lanes, Lanes, Lanes, Lanes, Lanes) {
    // Even part.
    let z1 = (x2 &+ x6) &* fix0_541196100
    let even2 = z1 &+ x6 &* -fix1_847759065
    let even3 = z1 &+ x2 &* fix0_765366865
    let even0 = (x0 &+ x4) &<< constBits
    let even1 = (x0 &- x4) &<< constBits
    let tmp10 = even0 &+ even3
    let tmp13 = even0 &- even3
    let tmp11 = even1 &+ even2
    let tmp12 = even1 &- even2
    // Odd part: inputs 7, 5, 3, 1.
    let s1 = (x7 &+ x1) &* -fix0_899976223
    let s2 = (x5 &+ x3) &* -fix2_562915447
    let z5 = (x7 &+ x3 &+ x5 &+ x1) &* fix1_175875602
    let s3 = (x7 &+ x3) &* -fix1_961570560 &+ z5
    let s4 = (x5 &+ x1) &* -fix0_390180644 &+ z5
    let tmp0 = x7 &* fix0_298631336 &+ s1 &+ s3
    let tmp1 = x5 &* fix2_053119869 &+ s2 &+ s4
    let tmp2 = x3 &* fix3_072711026 &+ s2 &+ s3
    let tmp3 = x1 &* fix1_501321110 &+ s1 &+ s4
    let round = Lanes(repeating: 1 &<< (shift - 1))
    return (
      (tmp10 &+ tmp3 &+ round) &>> shift, (tmp11 &+ tmp2 &+ round) &>> shift,
      (tmp12 &+ tmp1 &+ round) &>> shift, (tmp13 &+ tmp0 &+ round) &>> shift,
      (tmp13 &- tmp0 &+ round) &>> shift, (tmp12 &- tmp1 &+ round) &>> shift,
      (tmp11 &- tmp2 &+ round) &>> shift, (tmp10 &- tmp3 &+ round) &>> shift
    )
  }
}
