import CTensorKernels

/// The "islow" integer inverse DCT of libjpeg (`jidctint.c`, IJG 6b, as in libjpeg-turbo): the
/// Loeffler–Ligtenberg–Moschytz 8-point IDCT with 13-bit fixed-point constants, columns first
/// (keeping 2 extra bits of precision), then rows, each output clamped to 0...255 after adding
/// 128. Bit-exact with libjpeg's `jpeg_idct_islow`, which Pillow uses by default.
///
/// Runs `CTensorKernels`' `ebm_jpeg_idct_islow`: with AVX2 each pass transforms the eight columns
/// (then, after an in-register transpose, the eight rows) as 32-bit lanes, like libjpeg-turbo's
/// SIMD IDCT; without AVX2 a scalar path does the same wrapping 32-bit arithmetic, so both give
/// the same bits. libjpeg's all-zero shortcuts give the same values as the full computation, so
/// they are not needed. Coefficients far beyond what 8-bit samples produce could wrap where the
/// 64-bit C version does not (both outputs are meaningless then; nothing traps).
///
/// References: C. Loeffler, A. Ligtenberg, G. Moschytz, "Practical fast 1-D DCT algorithms with
/// 11 multiplications", ICASSP 1989; Independent JPEG Group, `jidctint.c`.
enum JPEGInverseDCT {
  /// Dequantises `count` consecutive blocks of 64 coefficients (natural order) by `quant` and
  /// writes block `b`'s 8×8 samples at `output + 8·b`, rows `stride` bytes apart.
  @inline(__always)
  static func transform(
    _ blocks: UnsafePointer<Int16>, count: Int, quant: UnsafePointer<Int32>, output: UnsafeMutablePointer<UInt8>,
    stride: Int
  ) {
    ebm_jpeg_idct_islow(blocks, count, quant, output, stride)
  }

  /// ``transform(_:count:quant:output:stride:)`` on the portable (non-SIMD) path, for tests.
  static func portableTransform(
    _ blocks: UnsafePointer<Int16>, count: Int, quant: UnsafePointer<Int32>, output: UnsafeMutablePointer<UInt8>,
    stride: Int
  ) {
    ebm_jpeg_idct_islow_portable(blocks, count, quant, output, stride)
  }
}
