// Precise RoI pooling (Jiang et al., "Acquisition of Localization Confidence for Accurate Object
// Detection", ECCV 2018), forward and both backward passes, on the CPU.
//
// The feature map is extended to the plane by bilinear interpolation between the integer grid
// points (zero outside the map), f(y, x) = Σ_ij F[i, j] k(y − i) k(x − j) with the hat
// k(t) = max(0, 1 − |t|). A bin [x_a, x_b] × [y_a, y_b] pools to
//   out = (1 / area) ∫∫ f = (1 / area) Σ_ij wy_i F[i, j] wx_j,   wx_j = K(x_b − j) − K(x_a − j),
// K the integral of k (piecewise quadratic): each bin is two small products, wyᵀ F wx, done here
// with the channels as the vector axis (features NHWC). The conventions are the reference CUDA
// implementation's (vacancy/PreciseRoIPooling): box corners times spatial_scale are feature-map
// coordinates with pixel centres on the integers, roi size = max(x2 − x1, 0), and a bin of zero
// area pools to 0 with zero gradients.
#include "CTensorKernels.h"
#include "internal.h"

#include <math.h>

enum { EBM_PRROI_BOX_OK = 0, EBM_PRROI_BOX_EMPTY = 1, EBM_PRROI_BOX_NAN = 2 };

typedef struct {
  long b, h;                  // image index, map height
  long i_lo, i_hi, j_lo, j_hi;  // rows and columns of the map the box's weights touch
  long rows;                  // i_hi − i_lo + 1
  double bin_w, bin_h, area;  // in feature-map units
} ebm_prroi_box;

typedef struct {
  double *ex, *ey;  // bin edges, pw + 1 and ph + 1
  float *t, *bins, *gx, *ty, *gy, *wx, *wy, *hx, *hy;
} ebm_prroi_scratch;

long ebm_prroi_scratch_floats(long h, long w, long c, long ph, long pw) {
  return 2 * (pw + 1) + 2 * (ph + 1) + ph * w * c + ph * pw * c + ph * (pw + 1) * c + w * c + (ph + 1) * pw * c +
         pw * w + ph * h + (pw + 1) * w + (ph + 1) * h;
}

static ebm_prroi_scratch ebm_prroi_layout(float *scratch, long h, long w, long c, long ph, long pw) {
  ebm_prroi_scratch s;
  s.ex = (double *)scratch;
  s.ey = s.ex + (pw + 1);
  float *next = (float *)(s.ey + (ph + 1));
  s.t = next, next += ph * w * c;
  s.bins = next, next += ph * pw * c;
  s.gx = next, next += ph * (pw + 1) * c;
  s.ty = next, next += w * c;
  s.gy = next, next += (ph + 1) * pw * c;
  s.wx = next, next += pw * w;
  s.wy = next, next += ph * h;
  s.hx = next, next += (pw + 1) * w;
  s.hy = next;
  return s;
}

// The integer range [max(lo, ⌊a⌋), min(hi, ⌈b⌉)] (the grid points whose hats meet [a, b]),
// empty (first > last) when [a, b] misses [lo, hi]. Both ends are clamped while still doubles:
// a box far off the map (a corner beyond ±2⁶³, e.g. exp of a diverged log-size) must give an
// empty or full span, never an out-of-range (undefined) conversion to long.
static inline void ebm_prroi_span(double a, double b, long lo, long hi, long *first, long *last) {
  const double f = floor(a), l = ceil(b);
  *first = f < (double)lo ? lo : (f > (double)hi ? hi + 1 : (long)f);
  *last = l > (double)hi ? hi : (l < (double)lo ? lo - 1 : (long)l);
}

// Geometry of box `box` = (b, x1, y1, x2, y2); fills the bin edges.
static int ebm_prroi_geometry(const float *box, float scale, long n, long h, long w, long ph, long pw,
                              ebm_prroi_box *g, double *ex, double *ey) {
  (void)n;
  const float x1 = box[1] * scale, y1 = box[2] * scale, x2 = box[3] * scale, y2 = box[4] * scale;
  if (isnan(x1) || isnan(y1) || isnan(x2) || isnan(y2)) return EBM_PRROI_BOX_NAN;
  const double roi_w = fmax((double)x2 - (double)x1, 0.0), roi_h = fmax((double)y2 - (double)y1, 0.0);
  g->bin_w = roi_w / (double)pw;
  g->bin_h = roi_h / (double)ph;
  g->area = g->bin_w * g->bin_h;
  if (!isfinite(g->area)) return EBM_PRROI_BOX_NAN;
  if (!(g->area > 0)) return EBM_PRROI_BOX_EMPTY;
  for (long q = 0; q <= pw; ++q) ex[q] = (double)x1 + g->bin_w * (double)q;
  for (long p = 0; p <= ph; ++p) ey[p] = (double)y1 + g->bin_h * (double)p;
  ebm_prroi_span(ex[0], ex[pw], 0, w - 1, &g->j_lo, &g->j_hi);
  ebm_prroi_span(ey[0], ey[ph], 0, h - 1, &g->i_lo, &g->i_hi);
  if (g->j_lo > g->j_hi || g->i_lo > g->i_hi) return EBM_PRROI_BOX_EMPTY;
  g->b = (long)box[0];
  g->h = h;
  g->rows = g->i_hi - g->i_lo + 1;
  return EBM_PRROI_BOX_OK;
}

// K(t) = ∫_{−∞}^{t} max(0, 1 − |u|) du.
static inline double ebm_prroi_hat_integral(double t) {
  if (t <= -1) return 0;
  if (t >= 1) return 1;
  return t <= 0 ? 0.5 * (1 + t) * (1 + t) : 1 - 0.5 * (1 - t) * (1 - t);
}

static inline double ebm_prroi_hat(double t) {
  const double a = 1 - fabs(t);
  return a > 0 ? a : 0;
}

// wx[q][j − j_lo] = K(x_{q+1} − j) − K(x_q − j), and likewise wy over the rows.
static void ebm_prroi_weights(const ebm_prroi_box *g, long ph, long pw, const double *ex, const double *ey,
                              float *wx, float *wy) {
  const long cols = g->j_hi - g->j_lo + 1;
  for (long q = 0; q < pw; ++q)
    for (long j = g->j_lo; j <= g->j_hi; ++j)
      wx[q * cols + (j - g->j_lo)] =
          (float)(ebm_prroi_hat_integral(ex[q + 1] - (double)j) - ebm_prroi_hat_integral(ex[q] - (double)j));
  for (long p = 0; p < ph; ++p)
    for (long i = g->i_lo; i <= g->i_hi; ++i)
      wy[p * g->rows + (i - g->i_lo)] =
          (float)(ebm_prroi_hat_integral(ey[p + 1] - (double)i) - ebm_prroi_hat_integral(ey[p] - (double)i));
}

// hx[e][j − j_lo] = k(x_e − j) at every bin edge (the interpolation weights there).
static void ebm_prroi_hats(const ebm_prroi_box *g, long ph, long pw, const double *ex, const double *ey, float *hx,
                           float *hy) {
  const long cols = g->j_hi - g->j_lo + 1;
  for (long e = 0; e <= pw; ++e)
    for (long j = g->j_lo; j <= g->j_hi; ++j) hx[e * cols + (j - g->j_lo)] = (float)ebm_prroi_hat(ex[e] - (double)j);
  for (long e = 0; e <= ph; ++e)
    for (long i = g->i_lo; i <= g->i_hi; ++i)
      hy[e * g->rows + (i - g->i_lo)] = (float)ebm_prroi_hat(ey[e] - (double)i);
}

// MARK: - The two variants of the kernels

#define EBM_PRROI_ATTR
#define EBM_PRROI_NAME(name) ebm_prroi_##name##_portable
#define EBM_PRROI_MADD(a, x, y) ((a) * (x) + (y))
#include "prroi_body.h"
#undef EBM_PRROI_ATTR
#undef EBM_PRROI_NAME
#undef EBM_PRROI_MADD

#if defined(__x86_64__)
#define EBM_PRROI_ATTR EBM_AVX2
#define EBM_PRROI_NAME(name) ebm_prroi_##name##_avx2
#define EBM_PRROI_MADD(a, x, y) fmaf((a), (x), (y))
#include "prroi_body.h"
#undef EBM_PRROI_ATTR
#undef EBM_PRROI_NAME
#undef EBM_PRROI_MADD
#define EBM_PRROI_USE_AVX2(portable) (!(portable) && ebm_has_avx2_fma())
#else
#define EBM_PRROI_USE_AVX2(portable) 0
#define ebm_prroi_forward_avx2 ebm_prroi_forward_portable
#define ebm_prroi_feature_grad_avx2 ebm_prroi_feature_grad_portable
#define ebm_prroi_box_grad_avx2 ebm_prroi_box_grad_portable
#endif

// MARK: - Entry points

void ebm_prroi_forward(const float *features, long n, long h, long w, long c, const float *boxes, float scale,
                       long pooled_h, long pooled_w, long first_box, long box_count, float *output, float *scratch,
                       int portable) {
  if (EBM_PRROI_USE_AVX2(portable)) {
    ebm_prroi_forward_avx2(features, n, h, w, c, boxes, scale, pooled_h, pooled_w, first_box, box_count, output,
                           scratch);
  } else {
    ebm_prroi_forward_portable(features, n, h, w, c, boxes, scale, pooled_h, pooled_w, first_box, box_count, output,
                               scratch);
  }
}

void ebm_prroi_feature_grad(const float *boxes, long box_count, float scale, long n, long h, long w, long c,
                            long pooled_h, long pooled_w, const float *grad_output, long first_channel,
                            long end_channel, float *grad_features, float *scratch, int portable) {
  if (EBM_PRROI_USE_AVX2(portable)) {
    ebm_prroi_feature_grad_avx2(boxes, box_count, scale, n, h, w, c, pooled_h, pooled_w, grad_output, first_channel,
                                end_channel, grad_features, scratch);
  } else {
    ebm_prroi_feature_grad_portable(boxes, box_count, scale, n, h, w, c, pooled_h, pooled_w, grad_output,
                                    first_channel, end_channel, grad_features, scratch);
  }
}

void ebm_prroi_box_grad(const float *features, long n, long h, long w, long c, const float *boxes, float scale,
                        long pooled_h, long pooled_w, const float *grad_output, long first_box, long box_count,
                        float *grad_boxes, float *scratch, int portable) {
  if (EBM_PRROI_USE_AVX2(portable)) {
    ebm_prroi_box_grad_avx2(features, n, h, w, c, boxes, scale, pooled_h, pooled_w, grad_output, first_box,
                            box_count, grad_boxes, scratch);
  } else {
    ebm_prroi_box_grad_portable(features, n, h, w, c, boxes, scale, pooled_h, pooled_w, grad_output, first_box,
                                box_count, grad_boxes, scratch);
  }
}
