// The input gradient ∂E/∂x of an MLP energy (MLPEnergy: x → φ(x W₁ᵀ + b₁) → … → · w + b,
// hidden layers of one width) for many rows at once, fused: the Langevin, MALA and HMC samplers
// spend almost all their time here.
//
//   forward   z_l = h_{l-1} W_lᵀ + b_l,  h_l = φ(z_l),  keep φ'(z_l)
//   backward  g_L = w ⊙ φ'(z_L),  g_{l-1} = (g_l W_l) ⊙ φ'(z_{l-1}),  ∂E/∂x = g_1 W_1
//
// The weights are packed once per call (ebm_mlp_pack) into 16-column panels of W_lᵀ (forward)
// and W_l (backward), so no GEMM repacks them per block of rows. Rows go through the whole
// network in blocks of MLP_BLOCK (96): the block's activations and derivatives stay in L2, the
// 16-column weight panel of the current micro-tile in L1. Each hidden layer is a 6×16
// register-blocked micro-kernel (12 ymm accumulators) whose epilogue adds the bias and applies
// φ and φ' (forward) or multiplies by φ' of the layer below (backward) while the tile is hot.
//
// Bits: every element is computed by the operations of the unfused path (GEMM accumulators
// from zero over k in ascending order with FMA, then one add of the bias; the vector cores of
// vmath.c for φ; the first layer and the input gradient one product and one sum at a time in
// index order), so the result equals the composed GEMM + vector-math path. The portable variant
// performs the same IEEE operations in scalar code (fmaf, and scalar copies of the vector cores),
// so it gives the same bits too. Every row depends on its own input only: any split of the rows
// over threads gives the same result.
#include "CTensorKernels.h"
#include "internal.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

#include "vmath_avx2.h"
#include "transpose_avx2.h"
#endif

// Products and sums that the unfused path rounds separately must stay separate.
#pragma STDC FP_CONTRACT OFF

enum { MLP_MR = 6, MLP_NR = 16, MLP_BLOCK = 96 };

static long mlp_padded(long width) { return (width + MLP_NR - 1) / MLP_NR * MLP_NR; }

/// The packed weights: pointers into the buffer of ebm_mlp_pack.
typedef struct {
  float *first_t;   // [d][hp]: W_1ᵀ, columns past h zero
  float *first;     // [h][d]: W_1 as given
  float *bias;      // [L][hp]
  float *output;    // [hp]: the output layer's weight w
  float *forward;   // per hidden GEMM layer l = 2 ... L: [hp/16][h][16] panels of W_lᵀ
  float *backward;  // per hidden GEMM layer: [hp/16][h][16] panels of W_l
} mlp_packed;

static mlp_packed mlp_layout(const ebm_mlp_shape *s, const float *packed) {
  const long d = s->dimension, h = s->width, hp = mlp_padded(h), depth = s->depth;
  float *p = (float *)packed;
  mlp_packed m;
  m.first_t = p;
  p += d * hp;
  m.first = p;
  p += h * d;
  m.bias = p;
  p += depth * hp;
  m.output = p;
  p += hp;
  m.forward = p;
  p += (depth - 1) * hp * h;
  m.backward = p;
  return m;
}

long ebm_mlp_packed_floats(const ebm_mlp_shape *s) {
  const long d = s->dimension, h = s->width, hp = mlp_padded(h), depth = s->depth;
  return d * hp + h * d + depth * hp + hp + 2 * (depth - 1) * hp * h;
}

void ebm_mlp_pack(const ebm_mlp_shape *s, const float *const *weights, const float *const *biases, float *packed) {
  const long d = s->dimension, h = s->width, hp = mlp_padded(h), depth = s->depth;
  memset(packed, 0, sizeof(float) * (size_t)ebm_mlp_packed_floats(s));
  const mlp_packed m = mlp_layout(s, packed);
  for (long k = 0; k < d; k++) {
    for (long j = 0; j < h; j++) m.first_t[k * hp + j] = weights[0][j * d + k];
  }
  memcpy(m.first, weights[0], sizeof(float) * (size_t)(h * d));
  for (long l = 0; l < depth; l++) memcpy(m.bias + l * hp, biases[l], sizeof(float) * (size_t)h);
  memcpy(m.output, weights[depth], sizeof(float) * (size_t)h);
  for (long l = 1; l < depth; l++) {
    const float *w = weights[l];  // [h out][h in]
    float *forward = m.forward + (l - 1) * hp * h;
    float *backward = m.backward + (l - 1) * hp * h;
    for (long panel = 0; panel < hp / MLP_NR; panel++) {
      for (long p = 0; p < h; p++) {
        for (long c = 0; c < MLP_NR; c++) {
          const long column = panel * MLP_NR + c;
          if (column >= h) continue;
          forward[(panel * h + p) * MLP_NR + c] = w[column * h + p];   // W_lᵀ[p][column]
          backward[(panel * h + p) * MLP_NR + c] = w[p * h + column];  // W_l[p][column]
        }
      }
    }
  }
}

/// Floats of the per-thread block scratch: the block's input, two activation/gradient buffers,
/// φ' of the layers below the last, and the transposed gradient of 8 rows.
static long mlp_scratch_floats(const ebm_mlp_shape *s) {
  const long hp = mlp_padded(s->width);
  return MLP_BLOCK * s->dimension + (2 + s->depth - 1) * MLP_BLOCK * hp + hp * 8;
}

// ---------------------------------------------------------------------------------------------
// Portable variant: scalar copies of the vector cores of vmath_avx2.h, operation for operation.

static float mlp_float_bits(uint32_t u) {
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
}

static uint32_t mlp_bits(float f) {
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  return u;
}

// _mm256_min_ps / _mm256_max_ps: the second operand when either is NaN.
static float mlp_min(float a, float b) { return a < b ? a : b; }
static float mlp_max(float a, float b) { return a > b ? a : b; }

/// ebm_exp_core (x clamped to [-104, 88.8], or NaN); `split`: scale by 2^(n/2) 2^(n - n/2)
/// (ebm_exp_core) or by 2^n at once (ebm_exp_core_normal).
static float mlp_exp_core(float x, int split) {
  const float n = rintf(x * 1.44269504088896341f);
  float r = fmaf(-n, 0.693359375f, x);
  r = fmaf(-n, -2.12194440e-4f, r);
  float p = 1.9875691500e-4f;
  p = fmaf(p, r, 1.3981999507e-3f);
  p = fmaf(p, r, 8.3334519073e-3f);
  p = fmaf(p, r, 4.1665795894e-2f);
  p = fmaf(p, r, 1.6666665459e-1f);
  p = fmaf(p, r, 5.0000001201e-1f);
  const float y = fmaf(p, r * r, r) + 1.0f;
  if (n != n) return y;  // NaN
  const int32_t ni = (int32_t)n;
  if (!split) return y * mlp_float_bits((uint32_t)(ni + 127) << 23);
  const int32_t n1 = ni >> 1;
  const int32_t n2 = ni - n1;
  return (y * mlp_float_bits((uint32_t)(n1 + 127) << 23)) * mlp_float_bits((uint32_t)(n2 + 127) << 23);
}

static float mlp_log_core(float x) {
  const uint32_t bits = mlp_bits(x);
  float e = (float)((int32_t)(bits >> 23) - 126);
  const float m = mlp_float_bits((bits & 0x007fffffu) | 0x3f000000u);
  const int small = m < 0.707106781186547524f;
  e = e - (small ? 1.0f : 0.0f);
  const float f = (m - 1.0f) + (small ? m : 0.0f);
  const float z = f * f;
  float p = 7.0376836292e-2f;
  p = fmaf(p, f, -1.1514610310e-1f);
  p = fmaf(p, f, 1.1676998740e-1f);
  p = fmaf(p, f, -1.2420140846e-1f);
  p = fmaf(p, f, 1.4249322787e-1f);
  p = fmaf(p, f, -1.6668057665e-1f);
  p = fmaf(p, f, 2.0000714765e-1f);
  p = fmaf(p, f, -2.4999993993e-1f);
  p = fmaf(p, f, 3.3333331174e-1f);
  float y = (p * f) * z;
  y = fmaf(e, -2.12194440e-4f, y);
  y = fmaf(-0.5f, z, y);
  const float r = f + y;
  return fmaf(e, 0.693359375f, r);
}

static float mlp_sigmoid(float x) {
  const float nax = mlp_float_bits(mlp_bits(x) | 0x80000000u);  // -|x|
  const float e = mlp_exp_core(mlp_max(-104.0f, nax), 1);
  const float num = x >= 0.0f ? 1.0f : e;
  return num / (1.0f + e);
}

static float mlp_softplus(float x) {
  const float nax = mlp_float_bits(mlp_bits(x) | 0x80000000u);
  const float e = mlp_exp_core(mlp_max(-104.0f, nax), 1);
  const float pos = mlp_max(0.0f, x);
  const float u = 1.0f + e;
  const float c = (e - (u - 1.0f)) / u;
  return pos + (mlp_log_core(u) + c);
}

static float mlp_tanh(float x) {
  const float ax = fabsf(x);
  const float e = mlp_exp_core(mlp_min(20.0f, ax + ax), 0);
  const float z = x * x;
  float p = -5.70498872745e-3f;
  p = fmaf(p, z, 2.06390887954e-2f);
  p = fmaf(p, z, -5.37397155531e-2f);
  p = fmaf(p, z, 1.33314422036e-1f);
  p = fmaf(p, z, -3.33332819422e-1f);
  const float ys = fmaf(p * z, x, x);
  const float yl = 1.0f - 2.0f / (e + 1.0f);
  const float y = ax < 0.625f ? ys : yl;
  return mlp_float_bits(mlp_bits(y) | (mlp_bits(x) & 0x80000000u));
}

/// φ(z) and φ'(z) as MLPEnergy's unfused path computes them.
static void mlp_activate(int activation, float z, float *value, float *derivative) {
  switch (activation) {
    case EBM_MLP_SILU: {
      const float s = mlp_sigmoid(z);
      const float oneMinus = 1.0f - s;
      const float product = z * oneMinus;
      const float onePlus = 1.0f + product;
      *value = z * s;
      *derivative = s * onePlus;
      break;
    }
    case EBM_MLP_SOFTPLUS:
      *value = mlp_softplus(z);
      *derivative = mlp_sigmoid(z);
      break;
    case EBM_MLP_TANH: {
      const float t = mlp_tanh(z);
      const float square = t * t;
      *value = t;
      *derivative = 1.0f - square;
      break;
    }
    default: {
      const int keep = z != z || z > 0.0f;  // relu keeps NaN
      *value = keep ? z : 0.0f;
      *derivative = keep ? 1.0f : 0.0f;
      break;
    }
  }
}

/// Finishes a forward tile z[6][16] of columns j0 ... j0+15: the last hidden layer stores
/// g = w ⊙ φ'(z), the others φ(z) and φ'(z).
static void mlp_finish_portable(int activation, int last, const float *z, const float *outw, float *value,
                                float *derivative, long ld) {
  for (long r = 0; r < MLP_MR; r++) {
    for (long c = 0; c < MLP_NR; c++) {
      float v, dv;
      mlp_activate(activation, z[r * MLP_NR + c], &v, &dv);
      if (last) {
        value[r * ld + c] = outw[c] * dv;
      } else {
        value[r * ld + c] = v;
        derivative[r * ld + c] = dv;
      }
    }
  }
}

/// One hidden layer over the block: forward (z = b + a W_lᵀ, then φ) or backward (g = (a W_l)
/// ⊙ φ'), a [rows][hp] with k = h columns used, panels [hp/16][h][16].
static void mlp_layer_portable(int activation, int mode, const float *a, long hp, long h, const float *panels,
                               const float *bias, const float *outw, const float *below, float *out,
                               float *derivative, long rows) {
  float t[MLP_MR * MLP_NR];
  for (long panel = 0; panel < hp / MLP_NR; panel++) {
    const float *b = panels + panel * h * MLP_NR;
    const long j0 = panel * MLP_NR;
    for (long ir = 0; ir < rows; ir += MLP_MR) {
      for (long r = 0; r < MLP_MR; r++) {
        const float *ar = a + (ir + r) * hp;
        for (long c = 0; c < MLP_NR; c++) {
          float acc = 0.0f;
          for (long p = 0; p < h; p++) acc = fmaf(ar[p], b[p * MLP_NR + c], acc);
          t[r * MLP_NR + c] = acc;
        }
      }
      if (mode == 2) {
        for (long r = 0; r < MLP_MR; r++) {
          for (long c = 0; c < MLP_NR; c++) {
            out[(ir + r) * hp + j0 + c] = t[r * MLP_NR + c] * below[(ir + r) * hp + j0 + c];
          }
        }
        continue;
      }
      for (long q = 0; q < MLP_MR * MLP_NR; q++) t[q] = bias[j0 + q % MLP_NR] + t[q];
      mlp_finish_portable(activation, mode == 1, t, outw + j0, out + ir * hp + j0,
                          derivative + ir * hp + j0, hp);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// AVX2+FMA variant.

#if defined(__x86_64__)

EBM_INLINE void mlp_activate8(int activation, __m256 z, __m256 *value, __m256 *derivative) {
  const __m256 one = _mm256_set1_ps(1.0f);
  switch (activation) {
    case EBM_MLP_SILU: {
      const __m256 s = ebm_sigmoid8(z);
      const __m256 onePlus = _mm256_add_ps(one, _mm256_mul_ps(z, _mm256_sub_ps(one, s)));
      *value = _mm256_mul_ps(z, s);
      *derivative = _mm256_mul_ps(s, onePlus);
      break;
    }
    case EBM_MLP_SOFTPLUS:
      *value = ebm_softplus8(z);
      *derivative = ebm_sigmoid8(z);
      break;
    case EBM_MLP_TANH: {
      const __m256 t = ebm_tanh8(z);
      *value = t;
      *derivative = _mm256_sub_ps(one, _mm256_mul_ps(t, t));
      break;
    }
    default: {
      const __m256 keep = _mm256_cmp_ps(z, _mm256_setzero_ps(), _CMP_NLE_UQ);  // NaN or z > 0
      *value = _mm256_and_ps(keep, z);
      *derivative = _mm256_and_ps(keep, one);
      break;
    }
  }
}

/// SiLU of a whole tile in two passes, the exponentials of all 12 vectors first, then the rest:
/// run back to back per vector the long exp chain leaves the out-of-order window idle (the same
/// reason vmath.c runs tanh and softplus in blocks). The same operations per element as
/// ebm_sigmoid8 and mlp_activate8, so the same bits.
EBM_AVX2 static void mlp_finish_silu_avx2(int last, const float *z, const float *outw, float *value,
                                          float *derivative, long ld) {
  enum { V = MLP_MR * MLP_NR / 8 };
  __m256 e[V];
  for (int q = 0; q < V; q++) {
    const __m256 nax = _mm256_or_ps(_mm256_load_ps(z + q * 8), ebm_set1(-0.0f));  // -|z|
    e[q] = ebm_exp_core(_mm256_max_ps(ebm_set1(-104.0f), nax));
  }
  const __m256 one = ebm_set1(1.0f);
  for (int q = 0; q < V; q++) {
    const long offset = (q / 2) * ld + (q % 2) * 8;
    const __m256 zq = _mm256_load_ps(z + q * 8);
    const __m256 nonneg = _mm256_cmp_ps(zq, _mm256_setzero_ps(), _CMP_GE_OQ);
    const __m256 s = _mm256_div_ps(_mm256_blendv_ps(e[q], one, nonneg), _mm256_add_ps(one, e[q]));
    const __m256 onePlus = _mm256_add_ps(one, _mm256_mul_ps(zq, _mm256_sub_ps(one, s)));
    const __m256 d = _mm256_mul_ps(s, onePlus);
    if (last) {
      _mm256_storeu_ps(value + offset, _mm256_mul_ps(_mm256_loadu_ps(outw + (q % 2) * 8), d));
    } else {
      _mm256_storeu_ps(value + offset, _mm256_mul_ps(zq, s));
      _mm256_storeu_ps(derivative + offset, d);
    }
  }
}

EBM_AVX2 static void mlp_finish_avx2(int activation, int last, const float *z, const float *outw, float *value,
                                     float *derivative, long ld) {
  if (activation == EBM_MLP_SILU) {
    mlp_finish_silu_avx2(last, z, outw, value, derivative, ld);
    return;
  }
  if (last) {
    const __m256 w0 = _mm256_loadu_ps(outw), w1 = _mm256_loadu_ps(outw + 8);
    for (long r = 0; r < MLP_MR; r++) {
      __m256 v0, d0, v1, d1;
      mlp_activate8(activation, _mm256_load_ps(z + r * MLP_NR), &v0, &d0);
      mlp_activate8(activation, _mm256_load_ps(z + r * MLP_NR + 8), &v1, &d1);
      _mm256_storeu_ps(value + r * ld, _mm256_mul_ps(w0, d0));
      _mm256_storeu_ps(value + r * ld + 8, _mm256_mul_ps(w1, d1));
    }
    return;
  }
  for (long r = 0; r < MLP_MR; r++) {
    __m256 v0, d0, v1, d1;
    mlp_activate8(activation, _mm256_load_ps(z + r * MLP_NR), &v0, &d0);
    mlp_activate8(activation, _mm256_load_ps(z + r * MLP_NR + 8), &v1, &d1);
    _mm256_storeu_ps(value + r * ld, v0);
    _mm256_storeu_ps(value + r * ld + 8, v1);
    _mm256_storeu_ps(derivative + r * ld, d0);
    _mm256_storeu_ps(derivative + r * ld + 8, d1);
  }
}

#define MLP_FMA_ROW(r)                                                        \
  do {                                                                        \
    const __m256 av = _mm256_broadcast_ss(a##r + p);                          \
    c##r##0 = _mm256_fmadd_ps(av, b0, c##r##0);                               \
    c##r##1 = _mm256_fmadd_ps(av, b1, c##r##1);                               \
  } while (0)

EBM_AVX2 static void mlp_layer_avx2(int activation, int mode, const float *a, long hp, long h, const float *panels,
                                    const float *bias, const float *outw, const float *below, float *out,
                                    float *derivative, long rows) {
  float t[MLP_MR * MLP_NR] __attribute__((aligned(32)));
  for (long panel = 0; panel < hp / MLP_NR; panel++) {
    const float *b = panels + panel * h * MLP_NR;
    const long j0 = panel * MLP_NR;
    for (long ir = 0; ir < rows; ir += MLP_MR) {
      const float *a0 = a + ir * hp, *a1 = a0 + hp, *a2 = a1 + hp, *a3 = a2 + hp, *a4 = a3 + hp, *a5 = a4 + hp;
      __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
      __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
      __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
      __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
      __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
      __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
      for (long p = 0; p < h; p++) {
        const __m256 b0 = _mm256_loadu_ps(b + p * MLP_NR);
        const __m256 b1 = _mm256_loadu_ps(b + p * MLP_NR + 8);
        MLP_FMA_ROW(0);
        MLP_FMA_ROW(1);
        MLP_FMA_ROW(2);
        MLP_FMA_ROW(3);
        MLP_FMA_ROW(4);
        MLP_FMA_ROW(5);
      }
      if (mode == 2) {
        float *o = out + ir * hp + j0;
        const float *d = below + ir * hp + j0;
#define MLP_BACK_ROW(r)                                                                              \
  _mm256_storeu_ps(o + (r) * hp, _mm256_mul_ps(c##r##0, _mm256_loadu_ps(d + (r) * hp)));             \
  _mm256_storeu_ps(o + (r) * hp + 8, _mm256_mul_ps(c##r##1, _mm256_loadu_ps(d + (r) * hp + 8)))
        MLP_BACK_ROW(0);
        MLP_BACK_ROW(1);
        MLP_BACK_ROW(2);
        MLP_BACK_ROW(3);
        MLP_BACK_ROW(4);
        MLP_BACK_ROW(5);
#undef MLP_BACK_ROW
        continue;
      }
      const __m256 bias0 = _mm256_loadu_ps(bias + j0), bias1 = _mm256_loadu_ps(bias + j0 + 8);
#define MLP_BIAS_ROW(r)                                                   \
  _mm256_store_ps(t + (r) * MLP_NR, _mm256_add_ps(bias0, c##r##0));       \
  _mm256_store_ps(t + (r) * MLP_NR + 8, _mm256_add_ps(bias1, c##r##1))
      MLP_BIAS_ROW(0);
      MLP_BIAS_ROW(1);
      MLP_BIAS_ROW(2);
      MLP_BIAS_ROW(3);
      MLP_BIAS_ROW(4);
      MLP_BIAS_ROW(5);
#undef MLP_BIAS_ROW
      mlp_finish_avx2(activation, mode == 1, t, outw + j0, out + ir * hp + j0, derivative + ir * hp + j0, hp);
    }
  }
}

#undef MLP_FMA_ROW

/// ∂E/∂x rows of 8 gradient rows g [8][hp] (rows past `valid` not written): out[i][k] =
/// Σ_j g[i][j] W_1[j][k], one product and one sum at a time in j order, 8 rows in the lanes.
EBM_AVX2 static void mlp_input_grad_avx2(const float *g, long hp, long h, long d, const float *first, float *gt,
                                         float *out, long valid) {
  for (long j0 = 0; j0 < h; j0 += 8) {
    __m256 r[8];
    for (int q = 0; q < 8; q++) r[q] = _mm256_loadu_ps(g + q * hp + j0);
    // 8x8 transpose: gt[j][lane] = g[lane][j].
    ebm_transpose8x8(r);
    float *dst = gt + j0 * 8;
    for (int q = 0; q < 8; q++) _mm256_store_ps(dst + q * 8, r[q]);
  }
  for (long k = 0; k < d; k++) {
    __m256 sum = _mm256_setzero_ps();
    for (long j = 0; j < h; j++) {
      sum = _mm256_add_ps(sum, _mm256_mul_ps(_mm256_load_ps(gt + j * 8), _mm256_broadcast_ss(first + j * d + k)));
    }
    float lanes[8] __attribute__((aligned(32)));
    _mm256_store_ps(lanes, sum);
    for (long i = 0; i < valid; i++) out[i * d + k] = lanes[i];
  }
}

/// The first layer over the block: z = b_1, then z += x_k W_1[·][k] for k in order (one product
/// and one sum each, as the unfused path), finished like a hidden layer.
EBM_AVX2 static void mlp_first_layer_avx2(int activation, int last, const float *x, long d, long hp,
                                          const float *first_t, const float *bias, const float *outw, float *out,
                                          float *derivative, long rows) {
  float t[MLP_MR * MLP_NR] __attribute__((aligned(32)));
  for (long j0 = 0; j0 < hp; j0 += MLP_NR) {
    for (long ir = 0; ir < rows; ir += MLP_MR) {
      for (long r = 0; r < MLP_MR; r++) {
        __m256 z0 = _mm256_loadu_ps(bias + j0), z1 = _mm256_loadu_ps(bias + j0 + 8);
        for (long k = 0; k < d; k++) {
          const __m256 xv = _mm256_broadcast_ss(x + (ir + r) * d + k);
          z0 = _mm256_add_ps(z0, _mm256_mul_ps(xv, _mm256_loadu_ps(first_t + k * hp + j0)));
          z1 = _mm256_add_ps(z1, _mm256_mul_ps(xv, _mm256_loadu_ps(first_t + k * hp + j0 + 8)));
        }
        _mm256_store_ps(t + r * MLP_NR, z0);
        _mm256_store_ps(t + r * MLP_NR + 8, z1);
      }
      mlp_finish_avx2(activation, last, t, outw + j0, out + ir * hp + j0, derivative + ir * hp + j0, hp);
    }
  }
}

#endif

static void mlp_first_layer_portable(int activation, int last, const float *x, long d, long hp,
                                     const float *first_t, const float *bias, const float *outw, float *out,
                                     float *derivative, long rows) {
  float t[MLP_MR * MLP_NR];
  for (long j0 = 0; j0 < hp; j0 += MLP_NR) {
    for (long ir = 0; ir < rows; ir += MLP_MR) {
      for (long r = 0; r < MLP_MR; r++) {
        for (long c = 0; c < MLP_NR; c++) {
          float z = bias[j0 + c];
          for (long k = 0; k < d; k++) {
            const float product = x[(ir + r) * d + k] * first_t[k * hp + j0 + c];
            z = z + product;
          }
          t[r * MLP_NR + c] = z;
        }
      }
      mlp_finish_portable(activation, last, t, outw + j0, out + ir * hp + j0, derivative + ir * hp + j0, hp);
    }
  }
}

static void mlp_input_grad_portable(const float *g, long hp, long h, long d, const float *first, float *out,
                                    long valid) {
  for (long i = 0; i < valid; i++) {
    for (long k = 0; k < d; k++) {
      float sum = 0.0f;
      for (long j = 0; j < h; j++) {
        const float product = g[i * hp + j] * first[j * d + k];
        sum = sum + product;
      }
      out[i * d + k] = sum;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Entry point.

void ebm_mlp_input_gradient(const ebm_mlp_shape *s, const float *packed, const float *input, long first_row,
                            long rows, float *grad, int portable) {
  if (rows <= 0) return;
#if defined(__x86_64__)
  const int avx2 = !portable && ebm_has_avx2_fma();
#else
  const int avx2 = 0;
  (void)portable;
#endif
  const long d = s->dimension, h = s->width, hp = mlp_padded(h), depth = s->depth;
  const int activation = s->activation;
  const mlp_packed m = mlp_layout(s, packed);
  float *scratch = ebm_thread_workspace(EBM_WORKSPACE_MLP, (size_t)mlp_scratch_floats(s));
  float *x = scratch;
  float *buffer[2] = {x + MLP_BLOCK * d, x + MLP_BLOCK * d + MLP_BLOCK * hp};
  float *derivatives = buffer[1] + MLP_BLOCK * hp;  // layer l (0-based, l < depth - 1) at + l * MLP_BLOCK * hp
  float *gt = derivatives + (depth - 1) * MLP_BLOCK * hp;
  for (long r0 = first_row; r0 < first_row + rows; r0 += MLP_BLOCK) {
    const long valid = first_row + rows - r0 < MLP_BLOCK ? first_row + rows - r0 : MLP_BLOCK;
    // Rows past the end are zero; their results are computed and dropped.
    const long used = (valid + MLP_MR - 1) / MLP_MR * MLP_MR;
    memcpy(x, input + r0 * d, sizeof(float) * (size_t)(valid * d));
    memset(x + valid * d, 0, sizeof(float) * (size_t)((used - valid) * d));
    const int last = depth == 1;
    // Forward: layer 1, then the hidden GEMM layers; the last one stores g_L.
#if defined(__x86_64__)
    if (avx2) {
      mlp_first_layer_avx2(activation, last, x, d, hp, m.first_t, m.bias, m.output, buffer[0], derivatives, used);
    } else
#endif
      mlp_first_layer_portable(activation, last, x, d, hp, m.first_t, m.bias, m.output, buffer[0], derivatives, used);
    long current = 0;
    for (long l = 1; l < depth; l++) {
      const int mode = l == depth - 1 ? 1 : 0;
      const float *panels = m.forward + (l - 1) * hp * h;
      float *derivative = derivatives + l * MLP_BLOCK * hp;
#if defined(__x86_64__)
      if (avx2) {
        mlp_layer_avx2(activation, mode, buffer[current], hp, h, panels, m.bias + l * hp, m.output, NULL,
                       buffer[1 - current], derivative, used);
      } else
#endif
        mlp_layer_portable(activation, mode, buffer[current], hp, h, panels, m.bias + l * hp, m.output, NULL,
                           buffer[1 - current], derivative, used);
      current = 1 - current;
    }
    // Backward: g_{l-1} = (g_l W_l) ⊙ φ'(z_{l-1}).
    for (long l = depth - 1; l >= 1; l--) {
      const float *panels = m.backward + (l - 1) * hp * h;
      const float *below = derivatives + (l - 1) * MLP_BLOCK * hp;
#if defined(__x86_64__)
      if (avx2) {
        mlp_layer_avx2(activation, 2, buffer[current], hp, h, panels, NULL, NULL, below, buffer[1 - current], NULL,
                       used);
      } else
#endif
        mlp_layer_portable(activation, 2, buffer[current], hp, h, panels, NULL, NULL, below, buffer[1 - current],
                           NULL, used);
      current = 1 - current;
    }
    float *out = grad + r0 * d;
#if defined(__x86_64__)
    if (avx2) {
      for (long i = 0; i < valid; i += 8) {
        mlp_input_grad_avx2(buffer[current] + i * hp, hp, h, d, m.first, gt, out + i * d,
                            valid - i < 8 ? valid - i : 8);
      }
      continue;
    }
#endif
    mlp_input_grad_portable(buffer[current], hp, h, d, m.first, out, valid);
  }
}
