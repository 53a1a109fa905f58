// A chain of small dense layers (tanh or identity activation, optional residual connection)
// evaluated tile by tile, forward and backward, for the many-candidate energies of EBM
// regression: tens of thousands of rows pushed through layers ten units wide, where separate
// GEMM calls and elementwise passes spend their time moving activations through memory.
//
// Rows are processed in tiles of EBM_CHAIN_TILE (64). Inside a tile every activation is stored
// feature-major, [width][64], so one feature of the whole tile is eight AVX vectors and a layer
// is `width_out x width_in` broadcast-FMAs per vector; everything a tile touches stays in L1.
//
// The forward pass keeps each layer's activation part a_l (tanh output, or the affine value of
// an identity layer) in `saved`, tile-major: tile t, layer l at saved + t*64*S + 64*offset_l,
// [out_l][64], where S is the summed width of the saved layers. The backward pass recomputes the
// residual sums h_l = a_l + h_{l-1} from them with the same float operations, so it sees the
// forward pass's exact values.
//
// Weight and bias gradients are accumulated per tile range into lane-partial sums
// acc[out][in][8] and acc_b[out][8]; the caller sums ranges and lanes in a fixed order, so the
// result does not depend on how ranges are spread over threads. A bias may be per group of
// consecutive rows (`grouped`): its gradient goes to a partial over the groups a range touches.
#include "CTensorKernels.h"
#include "internal.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define T EBM_CHAIN_TILE
#define LANES 8
#define VECTORS (T / LANES)

// ---------------------------------------------------------------------------------------------
// Sizes.

static int chain_layer_saved(const ebm_chain_layer *layers, long count, long l) {
  return l < count - 1 || layers[l].tanh_activation;
}

long ebm_chain_saved_width(const ebm_chain_layer *layers, long count) {
  long s = 0;
  for (long l = 0; l < count; l++) {
    if (chain_layer_saved(layers, count, l)) s += layers[l].outputs;
  }
  return s;
}

static long chain_max_width(const ebm_chain_layer *layers, long count) {
  long w = layers[0].inputs;
  for (long l = 0; l < count; l++) {
    if (layers[l].outputs > w) w = layers[l].outputs;
  }
  return w;
}

long ebm_chain_scratch_floats(const ebm_chain_layer *layers, long count) {
  long h = layers[0].inputs;
  for (long l = 0; l < count; l++) h += layers[l].outputs;
  return (h + 2 * chain_max_width(layers, count)) * T;
}

long ebm_chain_accumulator_floats(const ebm_chain_layer *layers, long count) {
  long a = 0;
  for (long l = 0; l < count; l++) a += (layers[l].outputs * layers[l].inputs + layers[l].outputs) * LANES;
  return a;
}

// ---------------------------------------------------------------------------------------------
// Tile primitives: portable C and AVX2+FMA.
//
//   forward:      z[out][T] += W[out][in] h[in][T]
//   input grad:   g[in][T]  (+)= W^T d[out][T]
//   weight grad:  acc[out][in][8] += sum over the T/8 vectors of d[o] * h[i], lane by lane
//   bias grad:    acc[out][8]     += sum over the T/8 vectors of d[o], lane by lane

typedef struct {
  void (*forward)(const float *w, long out, long in, const float *h, float *z);
  void (*input_grad)(const float *w, long out, long in, const float *d, float *g, int accumulate);
  void (*weight_grad)(const float *d, long out, long in, const float *h, float *acc);
  void (*bias_grad)(const float *d, long out, float *acc);
  void (*add)(const float *a, const float *b, float *z, long count);
  void (*tanh_grad)(const float *delta, const float *t, float *d, long count);
  void (*tangent_adjoint)(const float *hbar, const float *ubar, const float *s, const float *t, float *abar, long count);
  void (*second_inner)(const float *t, const float *a, const float *s, float *r, long count);
  void (*second_adjoint)(const float *hbar, const float *ubar, const float *wbar, const float *a, const float *s,
                         const float *r, float *zbar, float *sbar, float *tbar, long count);
} chain_primitives;

static void forward_portable(const float *w, long out, long in, const float *h, float *z) {
  for (long o = 0; o < out; o++) {
    for (long i = 0; i < in; i++) {
      const float wi = w[o * in + i];
      for (long j = 0; j < T; j++) z[o * T + j] += wi * h[i * T + j];
    }
  }
}

static void input_grad_portable(const float *w, long out, long in, const float *d, float *g, int accumulate) {
  if (!accumulate) memset(g, 0, sizeof(float) * (size_t)(in * T));
  for (long o = 0; o < out; o++) {
    for (long i = 0; i < in; i++) {
      const float wi = w[o * in + i];
      for (long j = 0; j < T; j++) g[i * T + j] += wi * d[o * T + j];
    }
  }
}

static void weight_grad_portable(const float *d, long out, long in, const float *h, float *acc) {
  for (long o = 0; o < out; o++) {
    for (long i = 0; i < in; i++) {
      float *a = acc + (o * in + i) * LANES;
      for (long v = 0; v < VECTORS; v++) {
        for (long lane = 0; lane < LANES; lane++) a[lane] += d[o * T + v * LANES + lane] * h[i * T + v * LANES + lane];
      }
    }
  }
}

static void bias_grad_portable(const float *d, long out, float *acc) {
  for (long o = 0; o < out; o++) {
    for (long v = 0; v < VECTORS; v++) {
      for (long lane = 0; lane < LANES; lane++) acc[o * LANES + lane] += d[o * T + v * LANES + lane];
    }
  }
}

// z = a + b.
static void add_portable(const float *a, const float *b, float *z, long count) {
  for (long j = 0; j < count; j++) z[j] = a[j] + b[j];
}

// d = delta (1 - t^2), written delta - (delta t) t in both versions so they round alike.
static void tanh_grad_portable(const float *delta, const float *t, float *d, long count) {
  for (long j = 0; j < count; j++) d[j] = delta[j] - delta[j] * t[j] * t[j];
}

// abar = hbar - 2 (ubar s) t: the adjoint of a tanh layer's activation t through both its value
// (hbar) and the tangent u = s (1 - t^2) (ubar), written alike in both versions.
static void tangent_adjoint_portable(const float *hbar, const float *ubar, const float *s, const float *t, float *abar,
                                     long count) {
  for (long j = 0; j < count; j++) {
    const float us = ubar[j] * s[j];
    abar[j] = hbar[j] - (us + us) * t[j];
  }
}

// r = t - (a + a) (s s): the second tangent of a tanh layer before its (1 - a^2) factor,
// w = (1 - a^2) r, from tanh'' = -2 tanh (1 - tanh^2).
static void second_inner_portable(const float *t, const float *a, const float *s, float *r, long count) {
  for (long j = 0; j < count; j++) {
    const float ss = s[j] * s[j];
    const float twice = a[j] + a[j];
    r[j] = t[j] - twice * ss;
  }
}

// The adjoints of a tanh layer's pre-activations z, s = W u and t = W w given those of its
// value h, tangent u = (1 - a^2) s and second tangent w = (1 - a^2) r, r = t - 2 a s^2
// (a = tanh z):
//   tbar = rbar = wbar (1 - a^2)
//   sbar = ubar (1 - a^2) - 4 (a s) rbar
//   cbar = wbar r + ubar s                    (the adjoint of c = 1 - a^2)
//   abar = hbar - 2 (cbar a + (s s) rbar)
//   zbar = abar (1 - a^2)
// every product by (1 - a^2) written x - (x a) a, one operation at a time in both versions.
static void second_adjoint_portable(const float *hbar, const float *ubar, const float *wbar, const float *a,
                                    const float *s, const float *r, float *zbar, float *sbar, float *tbar, long count) {
  for (long j = 0; j < count; j++) {
    const float wa = wbar[j] * a[j];
    const float rb = wbar[j] - wa * a[j];
    const float ua = ubar[j] * a[j];
    const float uc = ubar[j] - ua * a[j];
    const float as = a[j] * s[j];
    const float asr = as * rb;
    const float four = asr * 4.0f;
    const float sb = uc - four;
    const float wr = wbar[j] * r[j];
    const float us = ubar[j] * s[j];
    const float cb = wr + us;
    const float ca = cb * a[j];
    const float ss = s[j] * s[j];
    const float ssr = ss * rb;
    const float inner = ca + ssr;
    const float twice = inner + inner;
    const float ab = hbar[j] - twice;
    const float aa = ab * a[j];
    zbar[j] = ab - aa * a[j];
    sbar[j] = sb;
    tbar[j] = rb;
  }
}

static const chain_primitives chain_portable = {
    forward_portable,         input_grad_portable,   weight_grad_portable,   bias_grad_portable, add_portable,
    tanh_grad_portable,       tangent_adjoint_portable, second_inner_portable, second_adjoint_portable};

#if defined(__x86_64__)

EBM_AVX2 static void forward_avx2(const float *w, long out, long in, const float *h, float *z) {
  for (long o = 0; o < out; o++) {
    __m256 acc[VECTORS];
    for (int v = 0; v < VECTORS; v++) acc[v] = _mm256_loadu_ps(z + o * T + v * LANES);
    for (long i = 0; i < in; i++) {
      const __m256 wi = _mm256_broadcast_ss(w + o * in + i);
      const float *hi = h + i * T;
      for (int v = 0; v < VECTORS; v++) acc[v] = _mm256_fmadd_ps(wi, _mm256_loadu_ps(hi + v * LANES), acc[v]);
    }
    for (int v = 0; v < VECTORS; v++) _mm256_storeu_ps(z + o * T + v * LANES, acc[v]);
  }
}

EBM_AVX2 static void input_grad_avx2(const float *w, long out, long in, const float *d, float *g, int accumulate) {
  for (long i = 0; i < in; i++) {
    __m256 acc[VECTORS];
    for (int v = 0; v < VECTORS; v++) acc[v] = accumulate ? _mm256_loadu_ps(g + i * T + v * LANES) : _mm256_setzero_ps();
    for (long o = 0; o < out; o++) {
      const __m256 wo = _mm256_broadcast_ss(w + o * in + i);
      const float *dRow = d + o * T;
      for (int v = 0; v < VECTORS; v++) acc[v] = _mm256_fmadd_ps(wo, _mm256_loadu_ps(dRow + v * LANES), acc[v]);
    }
    for (int v = 0; v < VECTORS; v++) _mm256_storeu_ps(g + i * T + v * LANES, acc[v]);
  }
}

// Four inputs at a time, each with two accumulators (even and odd vectors) so that eight
// independent FMA chains are in flight; the two are added before the store, in the same order
// for every tile.
EBM_AVX2 static void weight_grad_avx2(const float *d, long out, long in, const float *h, float *acc) {
  for (long o = 0; o < out; o++) {
    const float *dRow = d + o * T;
    long i = 0;
    for (; i + 4 <= in; i += 4) {
      __m256 even[4], odd[4];
      for (int b = 0; b < 4; b++) {
        even[b] = _mm256_setzero_ps();
        odd[b] = _mm256_setzero_ps();
      }
      for (int v = 0; v < VECTORS; v += 2) {
        const __m256 d0 = _mm256_loadu_ps(dRow + v * LANES);
        const __m256 d1 = _mm256_loadu_ps(dRow + (v + 1) * LANES);
        for (int b = 0; b < 4; b++) {
          const float *hRow = h + (i + b) * T;
          even[b] = _mm256_fmadd_ps(d0, _mm256_loadu_ps(hRow + v * LANES), even[b]);
          odd[b] = _mm256_fmadd_ps(d1, _mm256_loadu_ps(hRow + (v + 1) * LANES), odd[b]);
        }
      }
      for (int b = 0; b < 4; b++) {
        float *a = acc + (o * in + i + b) * LANES;
        _mm256_storeu_ps(a, _mm256_add_ps(_mm256_loadu_ps(a), _mm256_add_ps(even[b], odd[b])));
      }
    }
    for (; i < in; i++) {
      const float *hRow = h + i * T;
      __m256 even = _mm256_setzero_ps(), odd = _mm256_setzero_ps();
      for (int v = 0; v < VECTORS; v += 2) {
        even = _mm256_fmadd_ps(_mm256_loadu_ps(dRow + v * LANES), _mm256_loadu_ps(hRow + v * LANES), even);
        odd = _mm256_fmadd_ps(_mm256_loadu_ps(dRow + (v + 1) * LANES), _mm256_loadu_ps(hRow + (v + 1) * LANES), odd);
      }
      float *a = acc + (o * in + i) * LANES;
      _mm256_storeu_ps(a, _mm256_add_ps(_mm256_loadu_ps(a), _mm256_add_ps(even, odd)));
    }
  }
}

EBM_AVX2 static void bias_grad_avx2(const float *d, long out, float *acc) {
  for (long o = 0; o < out; o++) {
    __m256 even = _mm256_setzero_ps(), odd = _mm256_setzero_ps();
    for (int v = 0; v < VECTORS; v += 2) {
      even = _mm256_add_ps(even, _mm256_loadu_ps(d + o * T + v * LANES));
      odd = _mm256_add_ps(odd, _mm256_loadu_ps(d + o * T + (v + 1) * LANES));
    }
    float *a = acc + o * LANES;
    _mm256_storeu_ps(a, _mm256_add_ps(_mm256_loadu_ps(a), _mm256_add_ps(even, odd)));
  }
}

// Counts are whole tiles (multiples of 64 floats).
EBM_AVX2 static void add_avx2(const float *a, const float *b, float *z, long count) {
  for (long j = 0; j < count; j += LANES) _mm256_storeu_ps(z + j, _mm256_add_ps(_mm256_loadu_ps(a + j), _mm256_loadu_ps(b + j)));
}

EBM_AVX2 static void tanh_grad_avx2(const float *delta, const float *t, float *d, long count) {
  for (long j = 0; j < count; j += LANES) {
    const __m256 g = _mm256_loadu_ps(delta + j);
    const __m256 v = _mm256_loadu_ps(t + j);
    _mm256_storeu_ps(d + j, _mm256_sub_ps(g, _mm256_mul_ps(_mm256_mul_ps(g, v), v)));
  }
}

EBM_AVX2 static void tangent_adjoint_avx2(const float *hbar, const float *ubar, const float *s, const float *t,
                                          float *abar, long count) {
  for (long j = 0; j < count; j += LANES) {
    const __m256 us = _mm256_mul_ps(_mm256_loadu_ps(ubar + j), _mm256_loadu_ps(s + j));
    const __m256 twice = _mm256_add_ps(us, us);
    _mm256_storeu_ps(abar + j, _mm256_sub_ps(_mm256_loadu_ps(hbar + j), _mm256_mul_ps(twice, _mm256_loadu_ps(t + j))));
  }
}

EBM_AVX2 static void second_inner_avx2(const float *t, const float *a, const float *s, float *r, long count) {
  for (long j = 0; j < count; j += LANES) {
    const __m256 sv = _mm256_loadu_ps(s + j);
    const __m256 av = _mm256_loadu_ps(a + j);
    const __m256 ss = _mm256_mul_ps(sv, sv);
    const __m256 twice = _mm256_add_ps(av, av);
    _mm256_storeu_ps(r + j, _mm256_sub_ps(_mm256_loadu_ps(t + j), _mm256_mul_ps(twice, ss)));
  }
}

EBM_AVX2 static void second_adjoint_avx2(const float *hbar, const float *ubar, const float *wbar, const float *a,
                                         const float *s, const float *r, float *zbar, float *sbar, float *tbar,
                                         long count) {
  const __m256 four = _mm256_set1_ps(4.0f);
  for (long j = 0; j < count; j += LANES) {
    const __m256 av = _mm256_loadu_ps(a + j);
    const __m256 sv = _mm256_loadu_ps(s + j);
    const __m256 wb = _mm256_loadu_ps(wbar + j);
    const __m256 ub = _mm256_loadu_ps(ubar + j);
    const __m256 rb = _mm256_sub_ps(wb, _mm256_mul_ps(_mm256_mul_ps(wb, av), av));
    const __m256 uc = _mm256_sub_ps(ub, _mm256_mul_ps(_mm256_mul_ps(ub, av), av));
    const __m256 asr = _mm256_mul_ps(_mm256_mul_ps(av, sv), rb);
    const __m256 sb = _mm256_sub_ps(uc, _mm256_mul_ps(asr, four));
    const __m256 cb = _mm256_add_ps(_mm256_mul_ps(wb, _mm256_loadu_ps(r + j)), _mm256_mul_ps(ub, sv));
    const __m256 inner = _mm256_add_ps(_mm256_mul_ps(cb, av), _mm256_mul_ps(_mm256_mul_ps(sv, sv), rb));
    const __m256 ab = _mm256_sub_ps(_mm256_loadu_ps(hbar + j), _mm256_add_ps(inner, inner));
    _mm256_storeu_ps(zbar + j, _mm256_sub_ps(ab, _mm256_mul_ps(_mm256_mul_ps(ab, av), av)));
    _mm256_storeu_ps(sbar + j, sb);
    _mm256_storeu_ps(tbar + j, rb);
  }
}

static const chain_primitives chain_avx2 = {
    forward_avx2,   input_grad_avx2,      weight_grad_avx2,  bias_grad_avx2,     add_avx2,
    tanh_grad_avx2, tangent_adjoint_avx2, second_inner_avx2, second_adjoint_avx2};

static const chain_primitives *chain_select(int portable) {
  return (!portable && ebm_has_avx2_fma()) ? &chain_avx2 : &chain_portable;
}

#else

static const chain_primitives *chain_select(int portable) {
  (void)portable;
  return &chain_portable;
}

#endif

// ---------------------------------------------------------------------------------------------
// Shared tile steps.

/// The group of row r (rows past the end belong to the last row's group).
static long chain_group(long r, long n, long rows_per_group) {
  return (r < n ? r : n - 1) / rows_per_group;
}

/// The end (exclusive, relative to the tile) of the run of tile rows j, j+1, ... that share
/// row r0 + j's group.
static long chain_group_run_end(long r0, long j, long n, long rows_per_group) {
  const long next = (chain_group(r0 + j, n, rows_per_group) + 1) * rows_per_group;
  if (next >= n) return T;  // the last group: padding rows belong to it too
  return next - r0 < T ? next - r0 : T;
}

/// x[in][T] from rows r0 ..< r0 + T of `input` [n x in]; rows past the end are zero.
static void chain_gather(const float *input, long in, long r0, long n, float *x) {
  long valid = n - r0 < T ? n - r0 : T;
  for (long i = 0; i < in; i++) {
    for (long j = 0; j < valid; j++) x[i * T + j] = input[(r0 + j) * in + i];
    for (long j = valid; j < T; j++) x[i * T + j] = 0;
  }
}

/// z[out][T] = the layer's bias for rows r0 ..< r0 + T.
static void chain_fill_bias(const ebm_chain_layer *layer, long r0, long n, long rows_per_group, float *z) {
  const long out = layer->outputs;
  if (!layer->grouped) {
    for (long o = 0; o < out; o++) {
      for (long j = 0; j < T; j++) z[o * T + j] = layer->bias[o];
    }
    return;
  }
  for (long j = 0; j < T;) {
    const long end = chain_group_run_end(r0, j, n, rows_per_group);
    const float *b = layer->bias + chain_group(r0 + j, n, rows_per_group) * out;
    for (long o = 0; o < out; o++) {
      for (long k = j; k < end; k++) z[o * T + k] = b[o];
    }
    j = end;
  }
}

/// Adds a tile's bias gradient dL/dz (`dz`, out x T) to its accumulator: the LANES partial sums
/// of `accB`, or for a grouped layer the bias row of each row group the tile's rows fall in
/// (`partial`, from `first_group` on), summed over each run of rows in one group.
static void chain_bias_grad(const chain_primitives *p, const ebm_chain_layer *layer, const float *dz, long r0, long n,
                            long rows_per_group, long first_group, float *partial, float *accB) {
  const long out = layer->outputs;
  if (!layer->grouped) {
    p->bias_grad(dz, out, accB);
    return;
  }
  for (long j = 0; j < T;) {
    const long end = chain_group_run_end(r0, j, n, rows_per_group);
    float *g = partial + (chain_group(r0 + j, n, rows_per_group) - first_group) * out;
    for (long o = 0; o < out; o++) {
      float sum = 0;
      for (long k = j; k < end; k++) sum += dz[o * T + k];
      g[o] += sum;
    }
    j = end;
  }
}

/// Where a backward pass over tiles [first_tile, first_tile + tiles) accumulates each layer's
/// parameter gradients: per layer LANES partial sums of W (outputs x inputs) and of b in
/// `accumulator`, and for a grouped layer one bias row per row group the tiles touch in
/// `group_partial` (from `first_group` on).
static void chain_accumulators(const ebm_chain_layer *layers, long count, float *accumulator, float *group_partial,
                               long first_tile, long tiles, long n, long rows_per_group, long first_group,
                               float **accW, float **accB, float **partial) {
  float *acc = accumulator;
  float *g = group_partial;
  long groupsSpan = 0;
  if (tiles > 0) {
    const long lastRow = (first_tile + tiles) * T - 1;
    groupsSpan = chain_group(lastRow, n, rows_per_group) - first_group + 1;
  }
  for (long l = 0; l < count; l++) {
    accW[l] = acc;
    acc += layers[l].outputs * layers[l].inputs * LANES;
    accB[l] = acc;
    acc += layers[l].outputs * LANES;
    partial[l] = NULL;
    if (layers[l].grouped) {
      partial[l] = g;
      g += groupsSpan * layers[l].outputs;
    }
  }
}

/// Pointers to the per-layer activation buffers h_l inside the scratch: h[0] is the input tile,
/// h[l + 1] the output of layer l; then two spare [maxWidth][T] buffers.
static void chain_layout(const ebm_chain_layer *layers, long count, float *scratch, float **h, float **spare) {
  float *p = scratch;
  h[0] = p;
  p += layers[0].inputs * T;
  for (long l = 0; l < count; l++) {
    h[l + 1] = p;
    p += layers[l].outputs * T;
  }
  const long width = chain_max_width(layers, count);
  spare[0] = p;
  spare[1] = p + width * T;
}

// ---------------------------------------------------------------------------------------------
// Forward.

void ebm_chain_forward(const ebm_chain_layer *layers, long count, long rows_per_group, const float *input, long n,
                       long first_tile, long tiles, float *output, float *saved, float *scratch, int portable) {
  const chain_primitives *p = chain_select(portable);
  const long s = ebm_chain_saved_width(layers, count);
  const long outLast = layers[count - 1].outputs;
  float *h[count + 1];
  float *spare[2];
  chain_layout(layers, count, scratch, h, spare);
  for (long tile = first_tile; tile < first_tile + tiles; tile++) {
    const long r0 = tile * T;
    chain_gather(input, layers[0].inputs, r0, n, h[0]);
    float *keep = saved + tile * T * s;
    for (long l = 0; l < count; l++) {
      const ebm_chain_layer *layer = &layers[l];
      const long width = layer->outputs * T;
      float *z = h[l + 1];
      chain_fill_bias(layer, r0, n, rows_per_group, z);
      p->forward(layer->weight, layer->outputs, layer->inputs, h[l], z);
      if (layer->tanh_activation) ebm_vtanh(z, z, width);
      if (chain_layer_saved(layers, count, l)) {
        memcpy(keep, z, sizeof(float) * (size_t)width);
        keep += width;
      }
      if (layer->residual) p->add(z, h[l], z, width);
    }
    const long valid = n - r0 < T ? n - r0 : T;
    const float *y = h[count];
    for (long j = 0; j < valid; j++) {
      for (long o = 0; o < outLast; o++) output[(r0 + j) * outLast + o] = y[o * T + j];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Forward-mode tangent: u_0 = v, u_l = (1 - a_l^2) (W_l u_{l-1}) (+ u_{l-1}), in the same tile
// pass as the values, two ping-pong tangent buffers in the scratch's spare space.

void ebm_chain_tangent(const ebm_chain_layer *layers, long count, long rows_per_group, const float *input,
                       const float *direction, long n, long first_tile, long tiles, float *tangent, float *scratch,
                       int portable) {
  const chain_primitives *p = chain_select(portable);
  const long outLast = layers[count - 1].outputs;
  float *h[count + 1];
  float *spare[2];
  chain_layout(layers, count, scratch, h, spare);
  for (long tile = first_tile; tile < first_tile + tiles; tile++) {
    const long r0 = tile * T;
    const long valid = n - r0 < T ? n - r0 : T;
    chain_gather(input, layers[0].inputs, r0, n, h[0]);
    float *u = spare[0];
    float *next = spare[1];
    if (direction != NULL) {
      chain_gather(direction, layers[0].inputs, r0, n, u);
    } else {
      for (long j = 0; j < layers[0].inputs * T; j++) u[j] = 1;
    }
    for (long l = 0; l < count; l++) {
      const ebm_chain_layer *layer = &layers[l];
      const long width = layer->outputs * T;
      float *z = h[l + 1];
      // The last layer's value is needed only for its tanh derivative.
      const int needsValue = l < count - 1 || layer->tanh_activation;
      if (needsValue) {
        chain_fill_bias(layer, r0, n, rows_per_group, z);
        p->forward(layer->weight, layer->outputs, layer->inputs, h[l], z);
      }
      memset(next, 0, sizeof(float) * (size_t)width);
      p->forward(layer->weight, layer->outputs, layer->inputs, u, next);
      if (layer->tanh_activation) {
        ebm_vtanh(z, z, width);
        p->tanh_grad(next, z, next, width);
      }
      if (layer->residual) {
        if (needsValue) p->add(z, h[l], z, width);
        p->add(next, u, next, width);
      }
      float *swap = u;
      u = next;
      next = swap;
    }
    for (long j = 0; j < valid; j++) {
      for (long o = 0; o < outLast; o++) tangent[(r0 + j) * outLast + o] = u[o * T + j];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Backward.

void ebm_chain_backward(const ebm_chain_layer *layers, long count, long rows_per_group, const float *input, long n,
                        const float *saved, const float *grad_output, long first_tile, long tiles,
                        float *grad_input, float *accumulator, float *group_partial, long first_group,
                        float *scratch, int portable) {
  const chain_primitives *p = chain_select(portable);
  const long s = ebm_chain_saved_width(layers, count);
  const long outLast = layers[count - 1].outputs;
  float *h[count + 1];
  float *spare[2];
  chain_layout(layers, count, scratch, h, spare);
  float *accW[count], *accB[count], *partial[count];
  if (accumulator != NULL) {
    chain_accumulators(layers, count, accumulator, group_partial, first_tile, tiles, n, rows_per_group, first_group,
                       accW, accB, partial);
  }
  for (long tile = first_tile; tile < first_tile + tiles; tile++) {
    const long r0 = tile * T;
    const long valid = n - r0 < T ? n - r0 : T;
    // Recompute the layer outputs h_l = a_l (+ h_{l-1}) from the saved activation parts.
    chain_gather(input, layers[0].inputs, r0, n, h[0]);
    const float *keep = saved + tile * T * s;
    const float *activation[count];
    for (long l = 0; l < count; l++) {
      const long width = layers[l].outputs * T;
      activation[l] = NULL;
      if (!chain_layer_saved(layers, count, l)) continue;  // the last, identity layer: not needed
      activation[l] = keep;
      keep += width;
      float *z = h[l + 1];
      if (layers[l].residual) {
        p->add(activation[l], h[l], z, width);
      } else {
        memcpy(z, activation[l], sizeof(float) * (size_t)width);
      }
    }
    // delta = dL/dh for the tile's rows, zero past the end.
    float *delta = spare[0];
    float *d = spare[1];
    for (long o = 0; o < outLast; o++) {
      for (long j = 0; j < valid; j++) delta[o * T + j] = grad_output[(r0 + j) * outLast + o];
      for (long j = valid; j < T; j++) delta[o * T + j] = 0;
    }
    for (long l = count - 1; l >= 0; l--) {
      const ebm_chain_layer *layer = &layers[l];
      const long out = layer->outputs, in = layer->inputs;
      const long width = out * T;
      // d = dL/dz: through tanh' = 1 - t^2.
      if (layer->tanh_activation) {
        p->tanh_grad(delta, activation[l], d, width);
      } else {
        memcpy(d, delta, sizeof(float) * (size_t)width);
      }
      if (accumulator != NULL) {
        p->weight_grad(d, out, in, h[l], accW[l]);
        chain_bias_grad(p, layer, d, r0, n, rows_per_group, first_group, partial[l], accB[l]);
      }
      if (l == 0 && grad_input == NULL) break;
      // dL/dh_{l-1} = W^T d (+ delta through the residual connection; in == out then).
      p->input_grad(layer->weight, out, in, d, delta, layer->residual);
    }
    if (grad_input != NULL) {
      const long in = layers[0].inputs;
      for (long j = 0; j < valid; j++) {
        for (long i = 0; i < in; i++) grad_input[(r0 + j) * in + i] = delta[i * T + j];
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reverse pass through the tangent (second-order training: score matching differentiates the
// input derivative J·v = u_L with respect to the parameters). Per tile, forward then backward,
// all in the scratch:
//
//   forward    z_l = W_l h_{l-1} + b_l,  a_l = tanh z_l (or z_l),  h_l = a_l (+ h_{l-1})
//              s_l = W_l u_{l-1},        u_l = s_l (1 - a_l^2) (or s_l) (+ u_{l-1})
//   backward   sbar = ubar (1 - a^2),  abar = hbar - 2 ubar s a,  zbar = abar (1 - a^2)
//              (identity: sbar = ubar, zbar = hbar)
//              dW_l += zbar h_{l-1}^T + sbar u_{l-1}^T,  db_l += sum zbar
//              hbar_{l-1} = W^T zbar (+ hbar),  ubar_{l-1} = W^T sbar (+ ubar)

long ebm_chain_tangent_scratch_floats(const ebm_chain_layer *layers, long count) {
  long widths = layers[0].inputs;
  for (long l = 0; l < count; l++) widths += layers[l].outputs;
  long saved = 0;
  for (long l = 0; l < count; l++) saved += layers[l].outputs;
  // h and u for every layer boundary, a and s for every layer, four adjoint buffers.
  return (2 * widths + 2 * saved + 4 * chain_max_width(layers, count)) * T;
}

void ebm_chain_tangent_backward(const ebm_chain_layer *layers, long count, long rows_per_group, const float *input,
                                const float *direction, long n, const float *grad_tangent, const float *grad_output,
                                long first_tile, long tiles, float *grad_input, float *accumulator,
                                float *group_partial, long first_group, float *scratch, int portable) {
  const chain_primitives *p = chain_select(portable);
  const long outLast = layers[count - 1].outputs;
  const long maxWidth = chain_max_width(layers, count);
  float *h[count + 1], *u[count + 1], *a[count], *s[count];
  float *q = scratch;
  h[0] = q;
  q += layers[0].inputs * T;
  u[0] = q;
  q += layers[0].inputs * T;
  for (long l = 0; l < count; l++) {
    const long width = layers[l].outputs * T;
    h[l + 1] = q;
    q += width;
    u[l + 1] = q;
    q += width;
    a[l] = q;
    q += width;
    s[l] = q;
    q += width;
  }
  float *hbar = q;
  float *ubar = q + maxWidth * T;
  float *zbar = q + 2 * maxWidth * T;
  float *sbar = q + 3 * maxWidth * T;
  float *accW[count], *accB[count], *partial[count];
  if (accumulator != NULL) {
    chain_accumulators(layers, count, accumulator, group_partial, first_tile, tiles, n, rows_per_group, first_group,
                       accW, accB, partial);
  }
  for (long tile = first_tile; tile < first_tile + tiles; tile++) {
    const long r0 = tile * T;
    const long valid = n - r0 < T ? n - r0 : T;
    chain_gather(input, layers[0].inputs, r0, n, h[0]);
    if (direction != NULL) {
      chain_gather(direction, layers[0].inputs, r0, n, u[0]);
    } else {
      for (long j = 0; j < layers[0].inputs * T; j++) u[0][j] = 1;
    }
    // Forward, the same float operations as ebm_chain_tangent.
    for (long l = 0; l < count; l++) {
      const ebm_chain_layer *layer = &layers[l];
      const long width = layer->outputs * T;
      chain_fill_bias(layer, r0, n, rows_per_group, a[l]);
      p->forward(layer->weight, layer->outputs, layer->inputs, h[l], a[l]);
      memset(s[l], 0, sizeof(float) * (size_t)width);
      p->forward(layer->weight, layer->outputs, layer->inputs, u[l], s[l]);
      if (layer->tanh_activation) {
        ebm_vtanh(a[l], a[l], width);
        p->tanh_grad(s[l], a[l], u[l + 1], width);
      } else {
        memcpy(u[l + 1], s[l], sizeof(float) * (size_t)width);
      }
      if (layer->residual) {
        p->add(a[l], h[l], h[l + 1], width);
        p->add(u[l + 1], u[l], u[l + 1], width);
      } else {
        memcpy(h[l + 1], a[l], sizeof(float) * (size_t)width);
      }
    }
    // Adjoints of the last layer's value and tangent, zero past the end.
    for (long o = 0; o < outLast; o++) {
      for (long j = 0; j < valid; j++) {
        ubar[o * T + j] = grad_tangent[(r0 + j) * outLast + o];
        hbar[o * T + j] = grad_output != NULL ? grad_output[(r0 + j) * outLast + o] : 0;
      }
      for (long j = valid; j < T; j++) {
        ubar[o * T + j] = 0;
        hbar[o * T + j] = 0;
      }
    }
    for (long l = count - 1; l >= 0; l--) {
      const ebm_chain_layer *layer = &layers[l];
      const long out = layer->outputs, in = layer->inputs;
      const long width = out * T;
      if (layer->tanh_activation) {
        p->tanh_grad(ubar, a[l], sbar, width);
        p->tangent_adjoint(hbar, ubar, s[l], a[l], zbar, width);
        p->tanh_grad(zbar, a[l], zbar, width);
      } else {
        memcpy(sbar, ubar, sizeof(float) * (size_t)width);
        memcpy(zbar, hbar, sizeof(float) * (size_t)width);
      }
      if (accumulator != NULL) {
        p->weight_grad(zbar, out, in, h[l], accW[l]);
        p->weight_grad(sbar, out, in, u[l], accW[l]);
        chain_bias_grad(p, layer, zbar, r0, n, rows_per_group, first_group, partial[l], accB[l]);
      }
      if (l == 0 && grad_input == NULL) break;
      p->input_grad(layer->weight, out, in, zbar, hbar, layer->residual);
      if (l > 0) p->input_grad(layer->weight, out, in, sbar, ubar, layer->residual);
    }
    if (grad_input != NULL) {
      const long in = layers[0].inputs;
      for (long j = 0; j < valid; j++) {
        for (long i = 0; i < in; i++) grad_input[(r0 + j) * in + i] = hbar[i * T + j];
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Second-order forward mode (score matching's exact trace, ∂²out/∂v² through the chain): per
// layer, with the value h, the tangent u = D h[v] and the second tangent w = D² h[v, v]
// (w_0 = 0: the input is linear in itself),
//
//   z = W h + b,  s = W u,  t = W w,  a = tanh z
//   u' = (1 - a^2) s,   w' = (1 - a^2) (t - 2 a s^2)       (tanh'' = -2 tanh (1 - tanh^2))
//   identity: u' = s, w' = t;  residual: h' += h, u' += u, w' += w
//
// The reverse pass recomputes all of it per tile, then (second_adjoint for tanh layers)
//
//   dW += zbar h^T + sbar u^T + tbar w^T,  db += sum zbar,
//   hbar = W^T zbar (+ hbar),  ubar = W^T sbar (+ ubar),  wbar = W^T tbar (+ wbar)

long ebm_chain_second_scratch_floats(const ebm_chain_layer *layers, long count) {
  long widths = layers[0].inputs;
  for (long l = 0; l < count; l++) widths += layers[l].outputs;
  long saved = 0;
  for (long l = 0; l < count; l++) saved += layers[l].outputs;
  // h, u, w at every layer boundary; a, s, r of every layer; t and six adjoint buffers.
  return (3 * widths + 3 * saved + 7 * chain_max_width(layers, count)) * T;
}

/// The scratch of the second-order passes: h, u, w per boundary, a, s, r per layer, then
/// seven [maxWidth][T] buffers.
static float *chain_second_layout(const ebm_chain_layer *layers, long count, float *scratch, float **h, float **u,
                                  float **w, float **a, float **s, float **r) {
  float *q = scratch;
  const long in = layers[0].inputs * T;
  h[0] = q;
  u[0] = q + in;
  w[0] = q + 2 * in;
  q += 3 * in;
  for (long l = 0; l < count; l++) {
    const long width = layers[l].outputs * T;
    h[l + 1] = q;
    u[l + 1] = q + width;
    w[l + 1] = q + 2 * width;
    a[l] = q + 3 * width;
    s[l] = q + 4 * width;
    r[l] = q + 5 * width;
    q += 6 * width;
  }
  return q;
}

/// One tile of the second-order forward pass: fills h, u, w of every boundary and a, s, r of
/// every layer (r only for tanh layers), `t` a spare [maxWidth][T] buffer.
static void chain_second_tile(const chain_primitives *p, const ebm_chain_layer *layers, long count,
                              long rows_per_group, const float *input, const float *direction, long n, long r0,
                              float **h, float **u, float **w, float **a, float **s, float **r, float *t) {
  const long in = layers[0].inputs;
  chain_gather(input, in, r0, n, h[0]);
  if (direction != NULL) {
    chain_gather(direction, in, r0, n, u[0]);
  } else {
    for (long j = 0; j < in * T; j++) u[0][j] = 1;
  }
  memset(w[0], 0, sizeof(float) * (size_t)(in * T));
  for (long l = 0; l < count; l++) {
    const ebm_chain_layer *layer = &layers[l];
    const long out = layer->outputs;
    const long width = out * T;
    chain_fill_bias(layer, r0, n, rows_per_group, a[l]);
    p->forward(layer->weight, out, layer->inputs, h[l], a[l]);
    memset(s[l], 0, sizeof(float) * (size_t)width);
    p->forward(layer->weight, out, layer->inputs, u[l], s[l]);
    memset(t, 0, sizeof(float) * (size_t)width);
    p->forward(layer->weight, out, layer->inputs, w[l], t);
    if (layer->tanh_activation) {
      ebm_vtanh(a[l], a[l], width);
      p->tanh_grad(s[l], a[l], u[l + 1], width);
      p->second_inner(t, a[l], s[l], r[l], width);
      p->tanh_grad(r[l], a[l], w[l + 1], width);
    } else {
      memcpy(u[l + 1], s[l], sizeof(float) * (size_t)width);
      memcpy(w[l + 1], t, sizeof(float) * (size_t)width);
    }
    if (layer->residual) {
      p->add(a[l], h[l], h[l + 1], width);
      p->add(u[l + 1], u[l], u[l + 1], width);
      p->add(w[l + 1], w[l], w[l + 1], width);
    } else {
      memcpy(h[l + 1], a[l], sizeof(float) * (size_t)width);
    }
  }
}

void ebm_chain_second_tangent(const ebm_chain_layer *layers, long count, long rows_per_group, const float *input,
                              const float *direction, long n, long first_tile, long tiles, float *tangent,
                              float *second, float *scratch, int portable) {
  const chain_primitives *p = chain_select(portable);
  const long outLast = layers[count - 1].outputs;
  float *h[count + 1], *u[count + 1], *w[count + 1], *a[count], *s[count], *r[count];
  float *t = chain_second_layout(layers, count, scratch, h, u, w, a, s, r);
  for (long tile = first_tile; tile < first_tile + tiles; tile++) {
    const long r0 = tile * T;
    const long valid = n - r0 < T ? n - r0 : T;
    chain_second_tile(p, layers, count, rows_per_group, input, direction, n, r0, h, u, w, a, s, r, t);
    for (long j = 0; j < valid; j++) {
      for (long o = 0; o < outLast; o++) {
        tangent[(r0 + j) * outLast + o] = u[count][o * T + j];
        second[(r0 + j) * outLast + o] = w[count][o * T + j];
      }
    }
  }
}

void ebm_chain_second_tangent_backward(const ebm_chain_layer *layers, long count, long rows_per_group,
                                       const float *input, const float *direction, long n, const float *grad_tangent,
                                       const float *grad_second, long first_tile, long tiles, float *grad_input,
                                       float *accumulator, float *group_partial, long first_group, float *scratch,
                                       int portable) {
  const chain_primitives *p = chain_select(portable);
  const long outLast = layers[count - 1].outputs;
  const long maxWidth = chain_max_width(layers, count) * T;
  float *h[count + 1], *u[count + 1], *w[count + 1], *a[count], *s[count], *r[count];
  float *t = chain_second_layout(layers, count, scratch, h, u, w, a, s, r);
  float *hbar = t + maxWidth;
  float *ubar = t + 2 * maxWidth;
  float *wbar = t + 3 * maxWidth;
  float *zbar = t + 4 * maxWidth;
  float *sbar = t + 5 * maxWidth;
  float *tbar = t + 6 * maxWidth;
  float *accW[count], *accB[count], *partial[count];
  if (accumulator != NULL) {
    chain_accumulators(layers, count, accumulator, group_partial, first_tile, tiles, n, rows_per_group, first_group,
                       accW, accB, partial);
  }
  for (long tile = first_tile; tile < first_tile + tiles; tile++) {
    const long r0 = tile * T;
    const long valid = n - r0 < T ? n - r0 : T;
    chain_second_tile(p, layers, count, rows_per_group, input, direction, n, r0, h, u, w, a, s, r, t);
    // Adjoints of the last layer's tangent and second tangent (its value has none), zero past
    // the end.
    for (long o = 0; o < outLast; o++) {
      for (long j = 0; j < valid; j++) {
        ubar[o * T + j] = grad_tangent[(r0 + j) * outLast + o];
        wbar[o * T + j] = grad_second[(r0 + j) * outLast + o];
        hbar[o * T + j] = 0;
      }
      for (long j = valid; j < T; j++) {
        ubar[o * T + j] = 0;
        wbar[o * T + j] = 0;
        hbar[o * T + j] = 0;
      }
    }
    for (long l = count - 1; l >= 0; l--) {
      const ebm_chain_layer *layer = &layers[l];
      const long out = layer->outputs, in = layer->inputs;
      const long width = out * T;
      if (layer->tanh_activation) {
        p->second_adjoint(hbar, ubar, wbar, a[l], s[l], r[l], zbar, sbar, tbar, width);
      } else {
        memcpy(zbar, hbar, sizeof(float) * (size_t)width);
        memcpy(sbar, ubar, sizeof(float) * (size_t)width);
        memcpy(tbar, wbar, sizeof(float) * (size_t)width);
      }
      if (accumulator != NULL) {
        p->weight_grad(zbar, out, in, h[l], accW[l]);
        p->weight_grad(sbar, out, in, u[l], accW[l]);
        p->weight_grad(tbar, out, in, w[l], accW[l]);
        chain_bias_grad(p, layer, zbar, r0, n, rows_per_group, first_group, partial[l], accB[l]);
      }
      if (l == 0 && grad_input == NULL) break;
      p->input_grad(layer->weight, out, in, zbar, hbar, layer->residual);
      if (l > 0) {
        p->input_grad(layer->weight, out, in, sbar, ubar, layer->residual);
        p->input_grad(layer->weight, out, in, tbar, wbar, layer->residual);
      }
    }
    if (grad_input != NULL) {
      const long in = layers[0].inputs;
      for (long j = 0; j < valid; j++) {
        for (long i = 0; i < in; i++) grad_input[(r0 + j) * in + i] = hbar[i * T + j];
      }
    }
  }
}
