// Elementwise transcendental functions on Float arrays.
//
// AVX2+FMA path (chosen at run time): Cephes-style polynomial approximations on 8 lanes.
//   exp:      n = round(x log2 e), r = x - n ln2 (two-part ln2), e^r = 1 + r + r^2 P(r),
//             scaled by 2^n as 2^(n/2) * 2^(n - n/2) so that overflow to +inf and gradual
//             underflow to denormals and 0 come out of the multiplication itself.
//   log:      x = m 2^e with m in [sqrt(1/2), sqrt 2), log x = f - f^2/2 + f^3 P(f) + e ln2,
//             f = m - 1 (exact); denormal inputs are rescaled by 2^23 first.
//   log1p:    u = 1 + x, log1p x = log u + (x - (u - 1)) / u (the quotient restores the bits of
//             x that the rounding of 1 + x lost; exact for |x| < 2^-24).
//   tanh:     |x| < 0.625: x + x^3 P(x^2); otherwise sign(x) (1 - 2 / (e^(2|x|) + 1)), |x|
//             clamped at 10, where tanh already rounds to 1 (e^(2|x|) <= e^20 needs no
//             overflow-safe scaling, so the cheaper single 2^n scaling is used: same bits).
//   sigmoid:  e = e^-|x|, (x >= 0 ? 1 : e) / (1 + e): no overflow, denormal results for very
//             negative x.
//   softplus: max(x, 0) + log1p(e^-|x|).
// tanh and softplus run in blocks of 64 elements, one pass per long dependency chain (the
// exponential, then the rest), which keeps more vectors in flight than one pass does.
// Each lane's result depends on its input only (a partial last vector goes through a padded
// buffer), so splitting an array across threads gives bit-identical results.
#include "CTensorKernels.h"
#include "internal.h"

#include <math.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

// MARK: - Portable path (libm)

static float ebm_sigmoid_scalar(float x) {
  const float e = expf(-fabsf(x));
  return (x >= 0.0f ? 1.0f : e) / (1.0f + e);
}

static float ebm_softplus_scalar(float x) {
  return fmaxf(x, 0.0f) + log1pf(expf(-fabsf(x)));
}

#define EBM_PORTABLE_MAP(name, expr)                                         \
  void name(const float *x, float *y, long n) {                              \
    for (long i = 0; i < n; ++i) {                                           \
      const float v = x[i];                                                  \
      y[i] = (expr);                                                         \
    }                                                                        \
  }

EBM_PORTABLE_MAP(ebm_vexp_portable, expf(v))
EBM_PORTABLE_MAP(ebm_vlog_portable, logf(v))
EBM_PORTABLE_MAP(ebm_vlog1p_portable, log1pf(v))
EBM_PORTABLE_MAP(ebm_vtanh_portable, tanhf(v))
EBM_PORTABLE_MAP(ebm_vsigmoid_portable, ebm_sigmoid_scalar(v))
EBM_PORTABLE_MAP(ebm_vsoftplus_portable, ebm_softplus_scalar(v))

// MARK: - AVX2+FMA path

#if defined(__x86_64__)

#include "vmath_avx2.h"

#define EBM_AVX2_MAP(name, core)                                             \
  EBM_AVX2 static void name(const float *x, float *y, long n) {              \
    long i = 0;                                                              \
    for (; i + 16 <= n; i += 16) {                                           \
      const __m256 v0 = core(_mm256_loadu_ps(x + i));                        \
      const __m256 v1 = core(_mm256_loadu_ps(x + i + 8));                    \
      _mm256_storeu_ps(y + i, v0);                                           \
      _mm256_storeu_ps(y + i + 8, v1);                                       \
    }                                                                        \
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, core(_mm256_loadu_ps(x + i))); \
    if (i < n) {                                                             \
      float t[8] __attribute__((aligned(32))) = {0, 0, 0, 0, 0, 0, 0, 0};    \
      const long rest = n - i;                                               \
      for (long j = 0; j < rest; ++j) t[j] = x[i + j];                       \
      _mm256_store_ps(t, core(_mm256_load_ps(t)));                           \
      for (long j = 0; j < rest; ++j) y[i + j] = t[j];                       \
    }                                                                        \
  }

EBM_AVX2_MAP(ebm_vexp_avx2, ebm_exp8)
EBM_AVX2_MAP(ebm_vlog_avx2, ebm_log8)
EBM_AVX2_MAP(ebm_vlog1p_avx2, ebm_log1p8)
EBM_AVX2_MAP(ebm_vtanh_vector, ebm_tanh8)

/// tanh in blocks of 64: first e^(2|x|) for the whole block, then the rest (see softplus below
/// for why); same operations per element as ebm_tanh8, so the same bits.
EBM_AVX2 static void ebm_vtanh_avx2(const float *x, float *y, long n) {
  float e[64] __attribute__((aligned(32)));
  long i = 0;
  for (; i + 64 <= n; i += 64) {
    for (int j = 0; j < 64; j += 8) {
      const __m256 ax = ebm_abs(_mm256_loadu_ps(x + i + j));
      const __m256 t = _mm256_min_ps(ebm_set1(20.0f), _mm256_add_ps(ax, ax));
      _mm256_store_ps(e + j, ebm_exp_core_normal(t));
    }
    for (int j = 0; j < 64; j += 8) {
      const __m256 xv = _mm256_loadu_ps(x + i + j);
      _mm256_storeu_ps(y + i + j, ebm_tanh_finish(xv, _mm256_load_ps(e + j)));
    }
  }
  if (i < n) ebm_vtanh_vector(x + i, y + i, n - i);
}
EBM_AVX2_MAP(ebm_vsigmoid_avx2, ebm_sigmoid8)
EBM_AVX2_MAP(ebm_vsoftplus_vector, ebm_softplus8)

/// softplus in blocks of 64: first e^-|x| for the whole block, then max(x, 0) + log1p(e). The
/// exp and the log1p are long dependency chains; run back to back per vector they exhaust the
/// out-of-order window, while each pass alone keeps several vectors in flight. Same operations
/// per element as ebm_softplus8, so the same bits.
EBM_AVX2 static void ebm_vsoftplus_avx2(const float *x, float *y, long n) {
  float e[64] __attribute__((aligned(32)));
  long i = 0;
  for (; i + 64 <= n; i += 64) {
    for (int j = 0; j < 64; j += 8) {
      const __m256 nax = _mm256_or_ps(_mm256_loadu_ps(x + i + j), ebm_set1(-0.0f));  // -|x|
      _mm256_store_ps(e + j, ebm_exp_core(_mm256_max_ps(ebm_set1(-104.0f), nax)));
    }
    for (int j = 0; j < 64; j += 8) {
      const __m256 pos = _mm256_max_ps(_mm256_setzero_ps(), _mm256_loadu_ps(x + i + j));
      _mm256_storeu_ps(y + i + j, _mm256_add_ps(pos, ebm_log1p_unit(_mm256_load_ps(e + j))));
    }
  }
  if (i < n) ebm_vsoftplus_vector(x + i, y + i, n - i);
}

#define EBM_DISPATCH(name)                                                   \
  void ebm_##name(const float *x, float *y, long n) {                        \
    if (n <= 0) return;                                                      \
    if (ebm_has_avx2_fma()) {                                                \
      ebm_##name##_avx2(x, y, n);                                            \
    } else {                                                                 \
      ebm_##name##_portable(x, y, n);                                        \
    }                                                                        \
  }

#else  // no x86-64: portable code only

#define EBM_DISPATCH(name)                                                   \
  void ebm_##name(const float *x, float *y, long n) { ebm_##name##_portable(x, y, n); }

#endif

EBM_DISPATCH(vexp)
EBM_DISPATCH(vlog)
EBM_DISPATCH(vlog1p)
EBM_DISPATCH(vtanh)
EBM_DISPATCH(vsigmoid)
EBM_DISPATCH(vsoftplus)


// MARK: - SiLU with its derivative, and the elementwise product (the MLP energy's fused gradient)
//
// s = sigmoid(z) by ebm_vsigmoid, then value = z s and derivative = s (1 + z (1 - s)), one IEEE
// operation at a time in both versions (separate statements: nothing may be contracted into an
// FMA), so the bits are those of the same formula written elementwise in Swift.

static void ebm_silu_finish_scalar(const float *z, float *value, float *derivative, long n) {
  for (long i = 0; i < n; ++i) {
    const float s = derivative[i];
    const float v = z[i];
    const float oneMinus = 1.0f - s;
    const float product = v * oneMinus;
    const float onePlus = 1.0f + product;
    value[i] = v * s;
    derivative[i] = s * onePlus;
  }
}

#if defined(__x86_64__)
EBM_AVX2 static void ebm_silu_finish_avx2(const float *z, float *value, float *derivative, long n) {
  const __m256 one = _mm256_set1_ps(1.0f);
  long i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 s = _mm256_loadu_ps(derivative + i);
    const __m256 v = _mm256_loadu_ps(z + i);
    const __m256 onePlus = _mm256_add_ps(one, _mm256_mul_ps(v, _mm256_sub_ps(one, s)));
    _mm256_storeu_ps(value + i, _mm256_mul_ps(v, s));
    _mm256_storeu_ps(derivative + i, _mm256_mul_ps(s, onePlus));
  }
  ebm_silu_finish_scalar(z + i, value + i, derivative + i, n - i);
}

EBM_AVX2 static void ebm_vmul_avx2(const float *a, const float *b, float *y, long n) {
  long i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_mul_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));
  for (; i < n; ++i) y[i] = a[i] * b[i];
}
#endif

void ebm_vsilu_with_derivative(const float *z, float *value, float *derivative, long n) {
  if (n <= 0) return;
  ebm_vsigmoid(z, derivative, n);
#if defined(__x86_64__)
  if (ebm_has_avx2_fma()) {
    ebm_silu_finish_avx2(z, value, derivative, n);
    return;
  }
#endif
  ebm_silu_finish_scalar(z, value, derivative, n);
}

void ebm_vmul(const float *a, const float *b, float *y, long n) {
#if defined(__x86_64__)
  if (ebm_has_avx2_fma()) {
    ebm_vmul_avx2(a, b, y, n);
    return;
  }
#endif
  for (long i = 0; i < n; ++i) y[i] = a[i] * b[i];
}
