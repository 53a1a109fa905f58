// JPEG sample reconstruction kernels, bit-exact with libjpeg-turbo as Pillow uses it:
//   - the "islow" integer inverse DCT (jidctint.c: Loeffler-Ligtenberg-Moschytz, 13-bit
//     constants, 2 extra bits kept between the column and the row pass), with dequantisation;
//   - JFIF YCbCr -> RGB in 16-bit fixed point (jdcolor.c, ycc_rgb_convert);
//   - "fancy" triangle upsampling of one row, h2v1 and h2v2 (jdsample.c).
// The AVX2 paths keep the 32-bit lanes of libjpeg-turbo's SIMD IDCT; the portable paths do the same
// operations in wrapping 32-bit arithmetic, so both give the same bits for every input (even for
// coefficients so large that the products wrap, where either output is meaningless).
#include "CTensorKernels.h"
#include "internal.h"

#include <stdint.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#include "transpose_avx2.h"
#endif

enum {
  IDCT_CONST_BITS = 13,
  IDCT_PASS1_BITS = 2,
  FIX_0_298631336 = 2446,
  FIX_0_390180644 = 3196,
  FIX_0_541196100 = 4433,
  FIX_0_765366865 = 6270,
  FIX_0_899976223 = 7373,
  FIX_1_175875602 = 9633,
  FIX_1_501321110 = 12299,
  FIX_1_847759065 = 15137,
  FIX_1_961570560 = 16069,
  FIX_2_053119869 = 16819,
  FIX_2_562915447 = 20995,
  FIX_3_072711026 = 25172,
};

// MARK: - Portable inverse DCT

static inline uint32_t idct_shift(uint32_t v, int shift) { return (uint32_t)((int32_t)v >> shift); }

/// One 8-point pass of jidctint.c over x[0], x[step], ..., x[7 * step] (wrapping 32-bit), results
/// rounded and shifted right by `shift` into out[0], out[ostep], ...
static void idct_1d_portable(const uint32_t *x, long step, uint32_t *out, long ostep, int shift) {
  const uint32_t x0 = x[0], x1 = x[step], x2 = x[2 * step], x3 = x[3 * step];
  const uint32_t x4 = x[4 * step], x5 = x[5 * step], x6 = x[6 * step], x7 = x[7 * step];
  const uint32_t z1 = (x2 + x6) * FIX_0_541196100;
  const uint32_t even2 = z1 + x6 * (uint32_t)-FIX_1_847759065;
  const uint32_t even3 = z1 + x2 * FIX_0_765366865;
  const uint32_t even0 = (x0 + x4) << IDCT_CONST_BITS;
  const uint32_t even1 = (x0 - x4) << IDCT_CONST_BITS;
  const uint32_t tmp10 = even0 + even3, tmp13 = even0 - even3;
  const uint32_t tmp11 = even1 + even2, tmp12 = even1 - even2;
  const uint32_t s1 = (x7 + x1) * (uint32_t)-FIX_0_899976223;
  const uint32_t s2 = (x5 + x3) * (uint32_t)-FIX_2_562915447;
  const uint32_t z5 = (x7 + x3 + x5 + x1) * FIX_1_175875602;
  const uint32_t s3 = (x7 + x3) * (uint32_t)-FIX_1_961570560 + z5;
  const uint32_t s4 = (x5 + x1) * (uint32_t)-FIX_0_390180644 + z5;
  const uint32_t tmp0 = x7 * FIX_0_298631336 + s1 + s3;
  const uint32_t tmp1 = x5 * FIX_2_053119869 + s2 + s4;
  const uint32_t tmp2 = x3 * FIX_3_072711026 + s2 + s3;
  const uint32_t tmp3 = x1 * FIX_1_501321110 + s1 + s4;
  const uint32_t round = 1u << (shift - 1);
  out[0] = idct_shift(tmp10 + tmp3 + round, shift);
  out[ostep] = idct_shift(tmp11 + tmp2 + round, shift);
  out[2 * ostep] = idct_shift(tmp12 + tmp1 + round, shift);
  out[3 * ostep] = idct_shift(tmp13 + tmp0 + round, shift);
  out[4 * ostep] = idct_shift(tmp13 - tmp0 + round, shift);
  out[5 * ostep] = idct_shift(tmp12 - tmp1 + round, shift);
  out[6 * ostep] = idct_shift(tmp11 - tmp2 + round, shift);
  out[7 * ostep] = idct_shift(tmp10 - tmp3 + round, shift);
}

void ebm_jpeg_idct_islow_portable(const int16_t *coefficients, long blocks, const int32_t *quant, uint8_t *output,
                                  long stride) {
  for (long b = 0; b < blocks; b++) {
    const int16_t *block = coefficients + 64 * b;
    uint32_t dequantised[64], workspace[64], result[64];
    for (int i = 0; i < 64; i++) dequantised[i] = (uint32_t)(int32_t)block[i] * (uint32_t)quant[i];
    // Columns (stride 8) into the workspace, then rows.
    for (int c = 0; c < 8; c++) {
      idct_1d_portable(dequantised + c, 8, workspace + c, 8, IDCT_CONST_BITS - IDCT_PASS1_BITS);
    }
    for (int r = 0; r < 8; r++) {
      idct_1d_portable(workspace + 8 * r, 1, result + 8 * r, 1, IDCT_CONST_BITS + IDCT_PASS1_BITS + 3);
    }
    uint8_t *out = output + 8 * b;
    for (int r = 0; r < 8; r++) {
      for (int c = 0; c < 8; c++) {
        const int32_t v = (int32_t)(result[8 * r + c] + 128u);
        out[r * stride + c] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
      }
    }
  }
}

// MARK: - AVX2 inverse DCT

#if defined(__x86_64__)

/// Transposes the 8x8 matrix of 32-bit lanes r[0..7] in place.
EBM_AVX2 static inline void idct_transpose8(__m256i r[8]) {
  // The shared float transpose moves the 32-bit lanes without arithmetic, so integers pass intact.
  __m256 f[8];
  for (int q = 0; q < 8; q++) f[q] = _mm256_castsi256_ps(r[q]);
  ebm_transpose8x8(f);
  for (int q = 0; q < 8; q++) r[q] = _mm256_castps_si256(f[q]);
}

#define IDCT_MUL(a, c) _mm256_mullo_epi32((a), _mm256_set1_epi32(c))

/// One 8-point pass of jidctint.c on eight lanes at once, in place: x[0..7] in, out rounded and
/// shifted right by `shift`.
EBM_AVX2 static inline void idct_1d_avx2(__m256i x[8], int shift) {
  const __m256i z1 = IDCT_MUL(_mm256_add_epi32(x[2], x[6]), FIX_0_541196100);
  const __m256i even2 = _mm256_add_epi32(z1, IDCT_MUL(x[6], -FIX_1_847759065));
  const __m256i even3 = _mm256_add_epi32(z1, IDCT_MUL(x[2], FIX_0_765366865));
  const __m256i even0 = _mm256_slli_epi32(_mm256_add_epi32(x[0], x[4]), IDCT_CONST_BITS);
  const __m256i even1 = _mm256_slli_epi32(_mm256_sub_epi32(x[0], x[4]), IDCT_CONST_BITS);
  const __m256i tmp10 = _mm256_add_epi32(even0, even3), tmp13 = _mm256_sub_epi32(even0, even3);
  const __m256i tmp11 = _mm256_add_epi32(even1, even2), tmp12 = _mm256_sub_epi32(even1, even2);
  const __m256i s1 = IDCT_MUL(_mm256_add_epi32(x[7], x[1]), -FIX_0_899976223);
  const __m256i s2 = IDCT_MUL(_mm256_add_epi32(x[5], x[3]), -FIX_2_562915447);
  const __m256i z5 =
      IDCT_MUL(_mm256_add_epi32(_mm256_add_epi32(x[7], x[3]), _mm256_add_epi32(x[5], x[1])), FIX_1_175875602);
  const __m256i s3 = _mm256_add_epi32(IDCT_MUL(_mm256_add_epi32(x[7], x[3]), -FIX_1_961570560), z5);
  const __m256i s4 = _mm256_add_epi32(IDCT_MUL(_mm256_add_epi32(x[5], x[1]), -FIX_0_390180644), z5);
  const __m256i tmp0 = _mm256_add_epi32(IDCT_MUL(x[7], FIX_0_298631336), _mm256_add_epi32(s1, s3));
  const __m256i tmp1 = _mm256_add_epi32(IDCT_MUL(x[5], FIX_2_053119869), _mm256_add_epi32(s2, s4));
  const __m256i tmp2 = _mm256_add_epi32(IDCT_MUL(x[3], FIX_3_072711026), _mm256_add_epi32(s2, s3));
  const __m256i tmp3 = _mm256_add_epi32(IDCT_MUL(x[1], FIX_1_501321110), _mm256_add_epi32(s1, s4));
  const __m256i round = _mm256_set1_epi32(1 << (shift - 1));
  const __m256i a10 = _mm256_add_epi32(tmp10, round), a11 = _mm256_add_epi32(tmp11, round);
  const __m256i a12 = _mm256_add_epi32(tmp12, round), a13 = _mm256_add_epi32(tmp13, round);
  const __m128i count = _mm_cvtsi32_si128(shift);
  x[0] = _mm256_sra_epi32(_mm256_add_epi32(a10, tmp3), count);
  x[7] = _mm256_sra_epi32(_mm256_sub_epi32(a10, tmp3), count);
  x[1] = _mm256_sra_epi32(_mm256_add_epi32(a11, tmp2), count);
  x[6] = _mm256_sra_epi32(_mm256_sub_epi32(a11, tmp2), count);
  x[2] = _mm256_sra_epi32(_mm256_add_epi32(a12, tmp1), count);
  x[5] = _mm256_sra_epi32(_mm256_sub_epi32(a12, tmp1), count);
  x[3] = _mm256_sra_epi32(_mm256_add_epi32(a13, tmp0), count);
  x[4] = _mm256_sra_epi32(_mm256_sub_epi32(a13, tmp0), count);
}

EBM_AVX2 static void idct_islow_avx2(const int16_t *coefficients, long blocks, const int32_t *quant, uint8_t *output,
                                     long stride) {
  __m256i q[8];
  for (int r = 0; r < 8; r++) q[r] = _mm256_loadu_si256((const __m256i *)(quant + 8 * r));
  const __m256i centre = _mm256_set1_epi32(128);
  const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
  for (long b = 0; b < blocks; b++) {
    const int16_t *block = coefficients + 64 * b;
    __m256i x[8];
    // Rows of coefficients, lanes = columns: pass 1 transforms the columns.
    for (int r = 0; r < 8; r++) {
      x[r] = _mm256_mullo_epi32(_mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *)(block + 8 * r))), q[r]);
    }
    idct_1d_avx2(x, IDCT_CONST_BITS - IDCT_PASS1_BITS);
    idct_transpose8(x);  // x[c] lane r = workspace[r][c]
    idct_1d_avx2(x, IDCT_CONST_BITS + IDCT_PASS1_BITS + 3);
    idct_transpose8(x);  // x[r] lane c = sample[r][c]
    for (int r = 0; r < 8; r++) x[r] = _mm256_add_epi32(x[r], centre);
    // Saturating packs clamp to 0...255 exactly as a clamp of the 32-bit value would.
    const __m256i rows01 = _mm256_packs_epi32(x[0], x[1]), rows23 = _mm256_packs_epi32(x[2], x[3]);
    const __m256i rows45 = _mm256_packs_epi32(x[4], x[5]), rows67 = _mm256_packs_epi32(x[6], x[7]);
    const __m256i bytes0 = _mm256_permutevar8x32_epi32(_mm256_packus_epi16(rows01, rows23), order);
    const __m256i bytes1 = _mm256_permutevar8x32_epi32(_mm256_packus_epi16(rows45, rows67), order);
    uint8_t *out = output + 8 * b;
    const __m128i b0 = _mm256_castsi256_si128(bytes0), b1 = _mm256_extracti128_si256(bytes0, 1);
    const __m128i b2 = _mm256_castsi256_si128(bytes1), b3 = _mm256_extracti128_si256(bytes1, 1);
    _mm_storel_epi64((__m128i *)(out), b0);
    _mm_storel_epi64((__m128i *)(out + stride), _mm_unpackhi_epi64(b0, b0));
    _mm_storel_epi64((__m128i *)(out + 2 * stride), b1);
    _mm_storel_epi64((__m128i *)(out + 3 * stride), _mm_unpackhi_epi64(b1, b1));
    _mm_storel_epi64((__m128i *)(out + 4 * stride), b2);
    _mm_storel_epi64((__m128i *)(out + 5 * stride), _mm_unpackhi_epi64(b2, b2));
    _mm_storel_epi64((__m128i *)(out + 6 * stride), b3);
    _mm_storel_epi64((__m128i *)(out + 7 * stride), _mm_unpackhi_epi64(b3, b3));
  }
}

#endif

void ebm_jpeg_idct_islow(const int16_t *coefficients, long blocks, const int32_t *quant, uint8_t *output,
                         long stride) {
#if defined(__x86_64__)
  if (ebm_has_avx2_fma()) {
    idct_islow_avx2(coefficients, blocks, quant, output, stride);
    return;
  }
#endif
  ebm_jpeg_idct_islow_portable(coefficients, blocks, quant, output, stride);
}

// MARK: - YCbCr -> RGB

#define YCC_SCALE_BITS 16
#define YCC_ONE_HALF (1 << (YCC_SCALE_BITS - 1))
#define YCC_FIX(x) ((int32_t)((x) * (1 << YCC_SCALE_BITS) + 0.5))

static inline uint8_t ycc_clamp(int32_t v) { return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v); }

void ebm_jpeg_ycc_to_rgb_portable(const uint8_t *y, const uint8_t *cb, const uint8_t *cr, uint8_t *rgb, long count) {
  for (long i = 0; i < count; i++) {
    const int32_t luma = y[i], blue = cb[i] - 128, red = cr[i] - 128;
    rgb[3 * i] = ycc_clamp(luma + ((YCC_FIX(1.40200) * red + YCC_ONE_HALF) >> YCC_SCALE_BITS));
    rgb[3 * i + 1] =
        ycc_clamp(luma + ((-YCC_FIX(0.34414) * blue + YCC_ONE_HALF - YCC_FIX(0.71414) * red) >> YCC_SCALE_BITS));
    rgb[3 * i + 2] = ycc_clamp(luma + ((YCC_FIX(1.77200) * blue + YCC_ONE_HALF) >> YCC_SCALE_BITS));
  }
}

#if defined(__x86_64__)

/// 16 int32 lanes (two vectors, in order) clamped to 0...255 and packed into 16 bytes.
EBM_AVX2 static inline __m128i ycc_pack16(__m256i lo, __m256i hi) {
  const __m256i words = _mm256_permute4x64_epi64(_mm256_packs_epi32(lo, hi), 0xD8);
  return _mm_packus_epi16(_mm256_castsi256_si128(words), _mm256_extracti128_si256(words, 1));
}

EBM_AVX2 static void ycc_to_rgb_avx2(const uint8_t *y, const uint8_t *cb, const uint8_t *cr, uint8_t *rgb,
                                     long count) {
  const __m256i centre = _mm256_set1_epi32(128), half = _mm256_set1_epi32(YCC_ONE_HALF);
  const __m256i crR = _mm256_set1_epi32(YCC_FIX(1.40200)), cbB = _mm256_set1_epi32(YCC_FIX(1.77200));
  const __m256i cbG = _mm256_set1_epi32(-YCC_FIX(0.34414)), crG = _mm256_set1_epi32(-YCC_FIX(0.71414));
  // Byte shuffles interleaving 16 R, 16 G and 16 B bytes into 48 bytes of RGB (chunk c, source s).
  const __m128i m00 = _mm_setr_epi8(0, -128, -128, 1, -128, -128, 2, -128, -128, 3, -128, -128, 4, -128, -128, 5);
  const __m128i m01 = _mm_setr_epi8(-128, 0, -128, -128, 1, -128, -128, 2, -128, -128, 3, -128, -128, 4, -128, -128);
  const __m128i m02 = _mm_setr_epi8(-128, -128, 0, -128, -128, 1, -128, -128, 2, -128, -128, 3, -128, -128, 4, -128);
  const __m128i m10 = _mm_setr_epi8(-128, -128, 6, -128, -128, 7, -128, -128, 8, -128, -128, 9, -128, -128, 10, -128);
  const __m128i m11 = _mm_setr_epi8(5, -128, -128, 6, -128, -128, 7, -128, -128, 8, -128, -128, 9, -128, -128, 10);
  const __m128i m12 = _mm_setr_epi8(-128, 5, -128, -128, 6, -128, -128, 7, -128, -128, 8, -128, -128, 9, -128, -128);
  const __m128i m20 = _mm_setr_epi8(-128, 11, -128, -128, 12, -128, -128, 13, -128, -128, 14, -128, -128, 15, -128, -128);
  const __m128i m21 = _mm_setr_epi8(-128, -128, 11, -128, -128, 12, -128, -128, 13, -128, -128, 14, -128, -128, 15, -128);
  const __m128i m22 = _mm_setr_epi8(10, -128, -128, 11, -128, -128, 12, -128, -128, 13, -128, -128, 14, -128, -128, 15);
  long i = 0;
  for (; i + 16 <= count; i += 16) {
    __m256i red[2], green[2], blue[2];
    for (int h = 0; h < 2; h++) {
      const __m256i luma = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(y + i + 8 * h)));
      const __m256i b = _mm256_sub_epi32(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(cb + i + 8 * h))), centre);
      const __m256i r = _mm256_sub_epi32(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(cr + i + 8 * h))), centre);
      red[h] = _mm256_add_epi32(luma, _mm256_srai_epi32(_mm256_add_epi32(_mm256_mullo_epi32(crR, r), half), 16));
      blue[h] = _mm256_add_epi32(luma, _mm256_srai_epi32(_mm256_add_epi32(_mm256_mullo_epi32(cbB, b), half), 16));
      const __m256i g = _mm256_add_epi32(_mm256_add_epi32(_mm256_mullo_epi32(cbG, b), half), _mm256_mullo_epi32(crG, r));
      green[h] = _mm256_add_epi32(luma, _mm256_srai_epi32(g, 16));
    }
    const __m128i R = ycc_pack16(red[0], red[1]), G = ycc_pack16(green[0], green[1]);
    const __m128i B = ycc_pack16(blue[0], blue[1]);
    uint8_t *out = rgb + 3 * i;
    _mm_storeu_si128((__m128i *)out, _mm_or_si128(_mm_or_si128(_mm_shuffle_epi8(R, m00), _mm_shuffle_epi8(G, m01)),
                                                  _mm_shuffle_epi8(B, m02)));
    _mm_storeu_si128((__m128i *)(out + 16), _mm_or_si128(_mm_or_si128(_mm_shuffle_epi8(R, m10), _mm_shuffle_epi8(G, m11)),
                                                         _mm_shuffle_epi8(B, m12)));
    _mm_storeu_si128((__m128i *)(out + 32), _mm_or_si128(_mm_or_si128(_mm_shuffle_epi8(R, m20), _mm_shuffle_epi8(G, m21)),
                                                         _mm_shuffle_epi8(B, m22)));
  }
  ebm_jpeg_ycc_to_rgb_portable(y + i, cb + i, cr + i, rgb + 3 * i, count - i);
}

#endif

void ebm_jpeg_ycc_to_rgb(const uint8_t *y, const uint8_t *cb, const uint8_t *cr, uint8_t *rgb, long count) {
#if defined(__x86_64__)
  if (ebm_has_avx2_fma()) {
    ycc_to_rgb_avx2(y, cb, cr, rgb, count);
    return;
  }
#endif
  ebm_jpeg_ycc_to_rgb_portable(y, cb, cr, rgb, count);
}
