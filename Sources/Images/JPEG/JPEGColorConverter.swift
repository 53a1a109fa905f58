import CTensorKernels

/// YCbCr → RGB as libjpeg does it (`jdcolor.c`, `ycc_rgb_convert`): JFIF's full-range BT.601
/// equations in 16-bit fixed point with libjpeg's constants and rounding.
///
/// ```
/// R = Y + 1.40200·(Cr − 128)
/// G = Y − 0.34414·(Cb − 128) − 0.71414·(Cr − 128)
/// B = Y + 1.77200·(Cb − 128)
/// ```
///
/// Runs `CTensorKernels`' `ebm_jpeg_ycc_to_rgb` (16 pixels at a time in 32-bit AVX2 lanes,
/// interleaved by byte shuffles; a scalar path with the same arithmetic otherwise).
enum JPEGColorConverter {
  /// Converts `count` pixels of full-resolution Y, Cb, Cr rows into interleaved RGB.
  @inline(__always)
  static func convert(
    y: UnsafePointer<UInt8>, cb: UnsafePointer<UInt8>, cr: UnsafePointer<UInt8>, count: Int,
    into out: UnsafeMutablePointer<UInt8>
  ) {
    ebm_jpeg_ycc_to_rgb(y, cb, cr, out, count)
  }

  /// ``convert(y:cb:cr:count:into:)`` on the portable (non-SIMD) path, for tests.
  static func portableConvert(
    y: UnsafePointer<UInt8>, cb: UnsafePointer<UInt8>, cr: UnsafePointer<UInt8>, count: Int,
    into out: UnsafeMutablePointer<UInt8>
  ) {
    ebm_jpeg_ycc_to_rgb_portable(y, cb, cr, out, count)
  }
}
