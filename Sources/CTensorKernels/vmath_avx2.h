// The AVX2+FMA vector cores of the elementwise functions (e^x, log, log1p, tanh, sigmoid,
// softplus on 8 lanes), shared by vmath.c and the fused MLP kernel (mlpchain.c) so that both
// compute the same bits. The algorithms are described at the top of vmath.c. Include only on
// x86-64, after internal.h and <immintrin.h>.
#ifndef EBM_VMATH_AVX2_H
#define EBM_VMATH_AVX2_H

#include <math.h>

#define EBM_INLINE EBM_AVX2 static inline __attribute__((always_inline))

EBM_INLINE __m256 ebm_set1(float v) { return _mm256_set1_ps(v); }

EBM_INLINE __m256 ebm_abs(__m256 x) {
  return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x);
}

/// e^x for x already clamped to [-104, 88.8] (or NaN, which propagates).
EBM_INLINE __m256 ebm_exp_core(__m256 x) {
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, ebm_set1(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, ebm_set1(0.693359375f), x);
  r = _mm256_fnmadd_ps(n, ebm_set1(-2.12194440e-4f), r);
  __m256 p = ebm_set1(1.9875691500e-4f);
  p = _mm256_fmadd_ps(p, r, ebm_set1(1.3981999507e-3f));
  p = _mm256_fmadd_ps(p, r, ebm_set1(8.3334519073e-3f));
  p = _mm256_fmadd_ps(p, r, ebm_set1(4.1665795894e-2f));
  p = _mm256_fmadd_ps(p, r, ebm_set1(1.6666665459e-1f));
  p = _mm256_fmadd_ps(p, r, ebm_set1(5.0000001201e-1f));
  const __m256 y = _mm256_add_ps(_mm256_fmadd_ps(p, _mm256_mul_ps(r, r), r), ebm_set1(1.0f));
  const __m256i ni = _mm256_cvtps_epi32(n);
  const __m256i n1 = _mm256_srai_epi32(ni, 1);
  const __m256i n2 = _mm256_sub_epi32(ni, n1);
  const __m256i bias = _mm256_set1_epi32(127);
  const __m256 s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n1, bias), 23));
  const __m256 s2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n2, bias), 23));
  return _mm256_mul_ps(_mm256_mul_ps(y, s1), s2);
}

/// e^x for x in [-87, 88] (NaN stays NaN): one scaling by 2^n, which is exact in that range.
EBM_INLINE __m256 ebm_exp_core_normal(__m256 x) {
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, ebm_set1(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, ebm_set1(0.693359375f), x);
  r = _mm256_fnmadd_ps(n, ebm_set1(-2.12194440e-4f), r);
  __m256 p = ebm_set1(1.9875691500e-4f);
  p = _mm256_fmadd_ps(p, r, ebm_set1(1.3981999507e-3f));
  p = _mm256_fmadd_ps(p, r, ebm_set1(8.3334519073e-3f));
  p = _mm256_fmadd_ps(p, r, ebm_set1(4.1665795894e-2f));
  p = _mm256_fmadd_ps(p, r, ebm_set1(1.6666665459e-1f));
  p = _mm256_fmadd_ps(p, r, ebm_set1(5.0000001201e-1f));
  const __m256 y = _mm256_add_ps(_mm256_fmadd_ps(p, _mm256_mul_ps(r, r), r), ebm_set1(1.0f));
  const __m256i ni = _mm256_cvtps_epi32(n);
  const __m256 s = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(ni, _mm256_set1_epi32(127)), 23));
  return _mm256_mul_ps(y, s);
}

/// e^x for any x: overflow gives +inf, underflow denormals then 0, NaN stays NaN.
EBM_INLINE __m256 ebm_exp8(__m256 x) {
  // min/max return their second operand when one is NaN: keep x second so NaN survives.
  x = _mm256_min_ps(ebm_set1(88.8f), x);
  x = _mm256_max_ps(ebm_set1(-104.0f), x);
  return ebm_exp_core(x);
}

/// log x for finite x > 0 that is a normal number.
EBM_INLINE __m256 ebm_log_core(__m256 x) {
  const __m256i bits = _mm256_castps_si256(x);
  __m256 e = _mm256_cvtepi32_ps(
      _mm256_sub_epi32(_mm256_srli_epi32(bits, 23), _mm256_set1_epi32(126)));
  const __m256 m = _mm256_castsi256_ps(_mm256_or_si256(
      _mm256_and_si256(bits, _mm256_set1_epi32(0x007fffff)), _mm256_set1_epi32(0x3f000000)));
  // m in [0.5, 1): below sqrt(1/2) use 2m (and e - 1) so that f = m - 1 lies in
  // [sqrt(1/2) - 1, sqrt(2) - 1).
  const __m256 small = _mm256_cmp_ps(m, ebm_set1(0.707106781186547524f), _CMP_LT_OQ);
  e = _mm256_sub_ps(e, _mm256_and_ps(small, ebm_set1(1.0f)));
  const __m256 f = _mm256_add_ps(_mm256_sub_ps(m, ebm_set1(1.0f)), _mm256_and_ps(small, m));
  const __m256 z = _mm256_mul_ps(f, f);
  __m256 p = ebm_set1(7.0376836292e-2f);
  p = _mm256_fmadd_ps(p, f, ebm_set1(-1.1514610310e-1f));
  p = _mm256_fmadd_ps(p, f, ebm_set1(1.1676998740e-1f));
  p = _mm256_fmadd_ps(p, f, ebm_set1(-1.2420140846e-1f));
  p = _mm256_fmadd_ps(p, f, ebm_set1(1.4249322787e-1f));
  p = _mm256_fmadd_ps(p, f, ebm_set1(-1.6668057665e-1f));
  p = _mm256_fmadd_ps(p, f, ebm_set1(2.0000714765e-1f));
  p = _mm256_fmadd_ps(p, f, ebm_set1(-2.4999993993e-1f));
  p = _mm256_fmadd_ps(p, f, ebm_set1(3.3333331174e-1f));
  __m256 y = _mm256_mul_ps(_mm256_mul_ps(p, f), z);
  y = _mm256_fmadd_ps(e, ebm_set1(-2.12194440e-4f), y);
  y = _mm256_fnmadd_ps(ebm_set1(0.5f), z, y);
  const __m256 r = _mm256_add_ps(f, y);
  return _mm256_fmadd_ps(e, ebm_set1(0.693359375f), r);
}

/// log x for any x: log 0 = -inf, log of a negative number or NaN = NaN, log inf = inf.
EBM_INLINE __m256 ebm_log8(__m256 x) {
  const __m256 normal = _mm256_and_ps(_mm256_cmp_ps(x, ebm_set1(1.17549435e-38f), _CMP_GE_OQ),
                                      _mm256_cmp_ps(x, ebm_set1(INFINITY), _CMP_LT_OQ));
  if (_mm256_movemask_ps(normal) == 0xFF) return ebm_log_core(x);  // the common case
  const __m256 zero = _mm256_setzero_ps();
  // Denormals: scale by 2^23 and subtract 23 ln 2 afterwards.
  const __m256 denormal = _mm256_cmp_ps(x, ebm_set1(1.17549435e-38f), _CMP_LT_OQ);
  const __m256 xs = _mm256_blendv_ps(x, _mm256_mul_ps(x, ebm_set1(8388608.0f)), denormal);
  __m256 r = ebm_log_core(xs);
  r = _mm256_sub_ps(r, _mm256_and_ps(denormal, ebm_set1(15.9423851528787421f)));  // 23 ln 2
  r = _mm256_blendv_ps(r, ebm_set1(-INFINITY), _mm256_cmp_ps(x, zero, _CMP_EQ_OQ));
  r = _mm256_blendv_ps(r, ebm_set1(INFINITY), _mm256_cmp_ps(x, ebm_set1(INFINITY), _CMP_EQ_OQ));
  r = _mm256_blendv_ps(r, ebm_set1(NAN), _mm256_cmp_ps(x, zero, _CMP_NGE_UQ));
  return r;
}

/// log1p x for any x: -1 gives -inf, below -1 or NaN gives NaN, +inf gives +inf.
EBM_INLINE __m256 ebm_log1p8(__m256 x) {
  const __m256 one = ebm_set1(1.0f);
  const __m256 u = _mm256_add_ps(one, x);
  const __m256 lu = ebm_log8(u);
  // Correction for the rounding of 1 + x, where u is finite and positive.
  const __m256 c = _mm256_div_ps(_mm256_sub_ps(x, _mm256_sub_ps(u, one)), u);
  const __m256 ok = _mm256_and_ps(_mm256_cmp_ps(u, _mm256_setzero_ps(), _CMP_GT_OQ),
                                  _mm256_cmp_ps(u, ebm_set1(INFINITY), _CMP_LT_OQ));
  const __m256 r = _mm256_add_ps(lu, _mm256_and_ps(ok, c));
  return _mm256_blendv_ps(r, x, _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_EQ_OQ));  // keeps -0
}

/// log1p e for e in [0, 1] (no special cases).
EBM_INLINE __m256 ebm_log1p_unit(__m256 e) {
  const __m256 one = ebm_set1(1.0f);
  const __m256 u = _mm256_add_ps(one, e);
  const __m256 c = _mm256_div_ps(_mm256_sub_ps(e, _mm256_sub_ps(u, one)), u);
  return _mm256_add_ps(ebm_log_core(u), c);
}

/// tanh x given e = e^min(2|x|, 20).
EBM_INLINE __m256 ebm_tanh_finish(__m256 x, __m256 e) {
  const __m256 sign = _mm256_and_ps(x, ebm_set1(-0.0f));
  const __m256 ax = ebm_abs(x);
  // Small |x|: odd polynomial, keeps full relative accuracy near 0.
  const __m256 z = _mm256_mul_ps(x, x);
  __m256 p = ebm_set1(-5.70498872745e-3f);
  p = _mm256_fmadd_ps(p, z, ebm_set1(2.06390887954e-2f));
  p = _mm256_fmadd_ps(p, z, ebm_set1(-5.37397155531e-2f));
  p = _mm256_fmadd_ps(p, z, ebm_set1(1.33314422036e-1f));
  p = _mm256_fmadd_ps(p, z, ebm_set1(-3.33332819422e-1f));
  const __m256 ys = _mm256_fmadd_ps(_mm256_mul_ps(p, z), x, x);
  // Large |x|: 1 - 2 / (e^(2|x|) + 1); |x| >= 10 rounds to 1 (NaN propagates through min).
  const __m256 yl = _mm256_sub_ps(ebm_set1(1.0f),
                                  _mm256_div_ps(ebm_set1(2.0f), _mm256_add_ps(e, ebm_set1(1.0f))));
  const __m256 small = _mm256_cmp_ps(ax, ebm_set1(0.625f), _CMP_LT_OQ);
  return _mm256_or_ps(_mm256_blendv_ps(yl, ys, small), sign);  // sign also makes tanh(-0) = -0
}

EBM_INLINE __m256 ebm_tanh8(__m256 x) {
  const __m256 ax = ebm_abs(x);
  const __m256 t = _mm256_min_ps(ebm_set1(20.0f), _mm256_add_ps(ax, ax));
  return ebm_tanh_finish(x, ebm_exp_core_normal(t));
}

EBM_INLINE __m256 ebm_sigmoid8(__m256 x) {
  const __m256 nax = _mm256_or_ps(x, ebm_set1(-0.0f));  // -|x|
  const __m256 e = ebm_exp_core(_mm256_max_ps(ebm_set1(-104.0f), nax));
  const __m256 nonneg = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GE_OQ);
  const __m256 num = _mm256_blendv_ps(e, ebm_set1(1.0f), nonneg);
  return _mm256_div_ps(num, _mm256_add_ps(ebm_set1(1.0f), e));
}

EBM_INLINE __m256 ebm_softplus8(__m256 x) {
  const __m256 nax = _mm256_or_ps(x, ebm_set1(-0.0f));  // -|x|
  const __m256 e = ebm_exp_core(_mm256_max_ps(ebm_set1(-104.0f), nax));
  const __m256 pos = _mm256_max_ps(_mm256_setzero_ps(), x);  // NaN propagates
  return _mm256_add_ps(pos, ebm_log1p_unit(e));
}

#endif
