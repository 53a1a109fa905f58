// Two-dimensional convolution on NCHW tensors (PyTorch's conv2d semantics: stride, zero padding,
// dilation, groups), as im2col + SGEMM over tiles of whole images; 3x3 stride-1 layers with at
// least 16 channels in and out take the Winograd F(2x2, 3x3) path at the end of this file.
//
// A tile is `ebm_conv_tile_images` consecutive images (a function of the geometry alone). For each
// group, the tile's input patches are unfolded into a column matrix cols [Kg x T*HWo] (Kg =
// channels/groups * kernel_h * kernel_w, rows ordered (channel, kh, kw) like the weight's last three
// axes), and one single-threaded `ebm_sgemm` call does the tile's product:
//   forward        Y_g  [Cout_g x T*HWo] = W_g [Cout_g x Kg] * cols
//   input grad     cols = W_g^T * dY_g, then folded back (col2im, accumulating) into dX
//   weight grad    dW_g (+)= dY_g * cols^T
// Tiles write disjoint images, so the caller may run them on any threads; the weight gradient is
// accumulated over a fixed range of tiles per call and the caller sums the ranges in a fixed
// order, so every result is bit-identical whatever the thread count.
#include "CTensorKernels.h"
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#include "transpose_avx2.h"
#endif

// Per-thread scratch (the column matrix and a gathered output tile), reused across calls and
// freed when the thread exits.
typedef struct {
  float *data;
  size_t floats;
} conv_workspace;

static pthread_key_t conv_workspace_key;
static pthread_once_t conv_workspace_once = PTHREAD_ONCE_INIT;

static void conv_workspace_free(void *p) {
  conv_workspace *w = (conv_workspace *)p;
  free(w->data);
  free(w);
}

static void conv_workspace_init(void) {
  if (pthread_key_create(&conv_workspace_key, conv_workspace_free) != 0) abort();
}

static float *conv_workspace_get(size_t floats) {
  pthread_once(&conv_workspace_once, conv_workspace_init);
  conv_workspace *w = (conv_workspace *)pthread_getspecific(conv_workspace_key);
  if (w == NULL) {
    w = (conv_workspace *)calloc(1, sizeof(conv_workspace));
    if (w == NULL || pthread_setspecific(conv_workspace_key, w) != 0) abort();
  }
  if (w->floats < floats) {
    free(w->data);
    void *p = NULL;
    if (posix_memalign(&p, 64, (floats ? floats : 16) * sizeof(float)) != 0) abort();
    w->data = (float *)p;
    w->floats = floats;
  }
  return w->data;
}

static long conv_group_rows(const ebm_conv_geometry *g) {
  return g->channels / g->groups * g->kernel_h * g->kernel_w;
}

long ebm_conv_tile_images(const ebm_conv_geometry *g) {
  const long hw = g->out_height * g->out_width;
  if (hw <= 0) return g->batch > 0 ? g->batch : 1;
  long t = (512 + hw - 1) / hw;
  if (t < 1) t = 1;
  if (t > g->batch) t = g->batch > 0 ? g->batch : 1;
  return t;
}

// The valid output columns [*lo, *hi) of a kernel column whose input column is ow*stride + offset.
static void conv_valid_range(long offset, long stride, long extent, long outputs, long *lo, long *hi) {
  long first = 0;
  if (offset < 0) first = (-offset + stride - 1) / stride;
  long last = 0;  // exclusive
  if (extent - 1 - offset >= 0) last = (extent - 1 - offset) / stride + 1;
  if (last > outputs) last = outputs;
  if (first > last) first = last;
  *lo = first;
  *hi = last;
}

/// Unfolds the channels [c0, c0 + cg) of one image [C x H x W] into rows of `cols` (row stride ld).
static void conv_im2col(const ebm_conv_geometry *g, const float *image, long c0, long cg, float *cols, long ld) {
  const long H = g->height, W = g->width, Ho = g->out_height, Wo = g->out_width;
  long row = 0;
  for (long c = 0; c < cg; c++) {
    const float *plane = image + (c0 + c) * H * W;
    for (long kh = 0; kh < g->kernel_h; kh++) {
      for (long kw = 0; kw < g->kernel_w; kw++, row++) {
        float *out = cols + row * ld;
        const long offw = kw * g->dilation_w - g->pad_w;
        long lo, hi;
        conv_valid_range(offw, g->stride_w, W, Wo, &lo, &hi);
        for (long oh = 0; oh < Ho; oh++) {
          float *o = out + oh * Wo;
          const long ih = oh * g->stride_h - g->pad_h + kh * g->dilation_h;
          if (ih < 0 || ih >= H) {
            memset(o, 0, (size_t)Wo * sizeof(float));
            continue;
          }
          const float *src = plane + ih * W;
          for (long ow = 0; ow < lo; ow++) o[ow] = 0.0f;
          if (g->stride_w == 1) {
            if (hi > lo) memcpy(o + lo, src + lo + offw, (size_t)(hi - lo) * sizeof(float));
          } else {
            for (long ow = lo; ow < hi; ow++) o[ow] = src[ow * g->stride_w + offw];
          }
          for (long ow = hi; ow < Wo; ow++) o[ow] = 0.0f;
        }
      }
    }
  }
}

/// Adds the rows of `cols` back into the channels [c0, c0 + cg) of one image (the adjoint of im2col).
static void conv_col2im(const ebm_conv_geometry *g, const float *cols, long ld, long c0, long cg, float *image) {
  const long H = g->height, W = g->width, Ho = g->out_height, Wo = g->out_width;
  long row = 0;
  for (long c = 0; c < cg; c++) {
    float *plane = image + (c0 + c) * H * W;
    for (long kh = 0; kh < g->kernel_h; kh++) {
      for (long kw = 0; kw < g->kernel_w; kw++, row++) {
        const float *in = cols + row * ld;
        const long offw = kw * g->dilation_w - g->pad_w;
        long lo, hi;
        conv_valid_range(offw, g->stride_w, W, Wo, &lo, &hi);
        for (long oh = 0; oh < Ho; oh++) {
          const long ih = oh * g->stride_h - g->pad_h + kh * g->dilation_h;
          if (ih < 0 || ih >= H) continue;
          const float *s = in + oh * Wo;
          float *dst = plane + ih * W + offw;
          if (g->stride_w == 1) {
            for (long ow = lo; ow < hi; ow++) dst[ow] += s[ow];
          } else {
            for (long ow = lo; ow < hi; ow++) dst[ow * g->stride_w] += s[ow];
          }
        }
      }
    }
  }
}

long ebm_conv_scratch_floats(const ebm_conv_geometry *g) {
  const long cols = ebm_conv_tile_images(g) * g->out_height * g->out_width;
  return (conv_group_rows(g) + g->out_channels / g->groups) * cols;
}

/// Copies rows [co0, co0 + cog) of each image's [Cout x HWo] block into a [cog x T*HWo] matrix.
static void conv_gather(const ebm_conv_geometry *g, const float *y, long first, long images, long co0, long cog,
                        float *tile) {
  const long hw = g->out_height * g->out_width, ld = images * hw;
  for (long i = 0; i < images; i++) {
    const float *src = y + ((first + i) * g->out_channels + co0) * hw;
    for (long r = 0; r < cog; r++) memcpy(tile + r * ld + i * hw, src + r * hw, (size_t)hw * sizeof(float));
  }
}

static void conv_scatter(const ebm_conv_geometry *g, const float *tile, long first, long images, long co0, long cog,
                         float *y) {
  const long hw = g->out_height * g->out_width, ld = images * hw;
  for (long i = 0; i < images; i++) {
    float *dst = y + ((first + i) * g->out_channels + co0) * hw;
    for (long r = 0; r < cog; r++) memcpy(dst + r * hw, tile + r * ld + i * hw, (size_t)hw * sizeof(float));
  }
}

void ebm_conv_forward(const ebm_conv_geometry *g, const float *x, const float *w, float *y, long first,
                      long images) {
  const long kg = conv_group_rows(g), cg = g->channels / g->groups, cog = g->out_channels / g->groups;
  const long hw = g->out_height * g->out_width, ld = images * hw;
  float *cols = conv_workspace_get((size_t)ebm_conv_scratch_floats(g));
  float *tile = cols + kg * ld;
  for (long grp = 0; grp < g->groups; grp++) {
    for (long i = 0; i < images; i++) {
      conv_im2col(g, x + (first + i) * g->channels * g->height * g->width, grp * cg, cg, cols + i * hw, ld);
    }
    const float *wg = w + grp * cog * kg;
    if (images == 1) {
      ebm_sgemm(0, 0, cog, hw, kg, wg, kg, cols, ld, y + (first * g->out_channels + grp * cog) * hw, hw, 0);
    } else {
      ebm_sgemm(0, 0, cog, ld, kg, wg, kg, cols, ld, tile, ld, 0);
      conv_scatter(g, tile, first, images, grp * cog, cog, y);
    }
  }
}

void ebm_conv_input_grad(const ebm_conv_geometry *g, const float *dy, const float *w, float *dx, long first,
                         long images) {
  const long kg = conv_group_rows(g), cg = g->channels / g->groups, cog = g->out_channels / g->groups;
  const long hw = g->out_height * g->out_width, ld = images * hw;
  const long image_size = g->channels * g->height * g->width;
  float *cols = conv_workspace_get((size_t)ebm_conv_scratch_floats(g));
  float *tile = cols + kg * ld;
  memset(dx + first * image_size, 0, (size_t)(images * image_size) * sizeof(float));
  for (long grp = 0; grp < g->groups; grp++) {
    const float *wg = w + grp * cog * kg;
    if (images == 1) {
      ebm_sgemm(1, 0, kg, hw, cog, wg, kg, dy + (first * g->out_channels + grp * cog) * hw, hw, cols, ld, 0);
    } else {
      conv_gather(g, dy, first, images, grp * cog, cog, tile);
      ebm_sgemm(1, 0, kg, ld, cog, wg, kg, tile, ld, cols, ld, 0);
    }
    for (long i = 0; i < images; i++) {
      conv_col2im(g, cols + i * hw, ld, grp * cg, cg, dx + (first + i) * image_size);
    }
  }
}

void ebm_conv_weight_grad(const ebm_conv_geometry *g, const float *x, const float *dy, float *dw, long first,
                          long images, int accumulate) {
  const long kg = conv_group_rows(g), cg = g->channels / g->groups, cog = g->out_channels / g->groups;
  const long hw = g->out_height * g->out_width, ld = images * hw;
  float *cols = conv_workspace_get((size_t)ebm_conv_scratch_floats(g));
  float *tile = cols + kg * ld;
  for (long grp = 0; grp < g->groups; grp++) {
    for (long i = 0; i < images; i++) {
      conv_im2col(g, x + (first + i) * g->channels * g->height * g->width, grp * cg, cg, cols + i * hw, ld);
    }
    const float *a = dy + (first * g->out_channels + grp * cog) * hw;
    long lda = hw;
    if (images > 1) {
      conv_gather(g, dy, first, images, grp * cog, cog, tile);
      a = tile;
      lda = ld;
    }
    ebm_sgemm(0, 1, cog, kg, ld, a, lda, cols, ld, dw + grp * cog * kg, kg, accumulate);
  }
}

// MARK: - Winograd F(2x2, 3x3)
//
// For 3x3 kernels, stride 1, dilation 1, one group (Lavin & Gray, "Fast Algorithms for
// Convolutional Neural Networks", CVPR 2016): each 2x2 block of outputs of one image is
//   Y = A^T [ Σ_c (G g_kc G^T) ⊙ (B^T d_c B) ] A
// with d_c the 4x4 input patch of channel c (zero outside the image) and
//   B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1],  G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1],
//   A^T = [1 1 1 0; 0 1 -1 -1],
// so the 16 positions ξ of the 4x4 transform domain are 16 independent products
//   M_ξ [K x T] = U_ξ [K x C] · V_ξ [C x T]    (T tiles), 16 multiply-adds per tile instead of 36.
// The weight gradient is the adjoint of the same linear map in g:
//   dU_ξ [K x C] = Σ_tiles dM_ξ [K x T] · V_ξ^T,  dM = A dY A^T,  dg = G^T dU G,
// and the input gradient is the forward product of dY with the flipped, transposed kernel and
// padding 2 - p (the caller builds that geometry).
//
// Lanes are images: a chunk is `8 * lane_groups` consecutive images (missing images are zero), and
// tile t = ((lane_group * tiles_per_image) + tile_y * tiles_x + tile_x) * 8 + lane, so the
// transforms work on 8 images at once with contiguous loads and stores. Chunks are a function of
// the geometry alone; each is computed by one thread with single-threaded SGEMM calls.

typedef struct {
  long tiles_y, tiles_x, tiles_per_image, lane_groups, tiles;
  long padded_h, padded_w;  // the interleaved padded input plane [padded_h][padded_w][8]
  long out_h, out_w;        // the interleaved output plane [out_h][out_w][8] (whole tiles)
} wino_layout;

static wino_layout wino_layout_of(const ebm_conv_geometry *g) {
  wino_layout l;
  l.tiles_y = (g->out_height + 1) / 2;
  l.tiles_x = (g->out_width + 1) / 2;
  l.tiles_per_image = l.tiles_y * l.tiles_x;
  // At least 256 tiles a chunk (the GEMMs' column count), at most the whole batch.
  l.lane_groups = (256 + 8 * l.tiles_per_image - 1) / (8 * l.tiles_per_image);
  const long batch_groups = (g->batch + 7) / 8;
  if (l.lane_groups > batch_groups) l.lane_groups = batch_groups;
  if (l.lane_groups < 1) l.lane_groups = 1;
  l.tiles = 8 * l.lane_groups * l.tiles_per_image;
  l.padded_h = 2 * l.tiles_y + 2;
  l.padded_w = 2 * l.tiles_x + 2;
  l.out_h = 2 * l.tiles_y;
  l.out_w = 2 * l.tiles_x;
  return l;
}

int ebm_conv_winograd_applies(const ebm_conv_geometry *g) {
  return g->kernel_h == 3 && g->kernel_w == 3 && g->stride_h == 1 && g->stride_w == 1 && g->dilation_h == 1 &&
         g->dilation_w == 1 && g->groups == 1 && g->pad_h <= 2 && g->pad_w <= 2 && g->channels >= 16 &&
         g->out_channels >= 16;
}

long ebm_conv_winograd_chunk_images(const ebm_conv_geometry *g) { return 8 * wino_layout_of(g).lane_groups; }

static long wino_round16(long n) { return (n + 15) & ~15L; }

long ebm_conv_winograd_scratch_floats(const ebm_conv_geometry *g) {
  const wino_layout l = wino_layout_of(g);
  return wino_round16(l.padded_h * l.padded_w * 8) + wino_round16(l.out_h * l.out_w * 8) +
         16 * l.tiles * (g->channels + g->out_channels);
}

void ebm_conv_winograd_weights(const ebm_conv_geometry *g, const float *w, float *u) {
  const long K = g->out_channels, C = g->channels;
  for (long k = 0; k < K; k++) {
    for (long c = 0; c < C; c++) {
      const float *f = w + (k * C + c) * 9;
      float h[4][3];  // G g
      for (int j = 0; j < 3; j++) {
        h[0][j] = f[j];
        h[1][j] = 0.5f * (f[j] + f[3 + j] + f[6 + j]);
        h[2][j] = 0.5f * (f[j] - f[3 + j] + f[6 + j]);
        h[3][j] = f[6 + j];
      }
      for (int i = 0; i < 4; i++) {  // (G g) G^T, row by row
        const float t[4] = {h[i][0], 0.5f * (h[i][0] + h[i][1] + h[i][2]), 0.5f * (h[i][0] - h[i][1] + h[i][2]),
                            h[i][2]};
        for (int j = 0; j < 4; j++) u[((4 * i + j) * K + k) * C + c] = t[j];
      }
    }
  }
}

void ebm_conv_winograd_weight_grad_finish(const ebm_conv_geometry *g, const float *du, float *dw) {
  const long K = g->out_channels, C = g->channels;
  for (long k = 0; k < K; k++) {
    for (long c = 0; c < C; c++) {
      float m[4][4];
      for (int xi = 0; xi < 16; xi++) m[xi / 4][xi % 4] = du[(xi * K + k) * C + c];
      float e[3][4];  // G^T dU
      for (int j = 0; j < 4; j++) {
        e[0][j] = m[0][j] + 0.5f * (m[1][j] + m[2][j]);
        e[1][j] = 0.5f * (m[1][j] - m[2][j]);
        e[2][j] = 0.5f * (m[1][j] + m[2][j]) + m[3][j];
      }
      float *out = dw + (k * C + c) * 9;
      for (int i = 0; i < 3; i++) {  // (G^T dU) G
        out[3 * i] = e[i][0] + 0.5f * (e[i][1] + e[i][2]);
        out[3 * i + 1] = 0.5f * (e[i][1] - e[i][2]);
        out[3 * i + 2] = 0.5f * (e[i][1] + e[i][2]) + e[i][3];
      }
    }
  }
}

#define WINO_INLINE static inline __attribute__((always_inline))

/// Interleaves channel c of images [first, first + lanes) into plane[y][x][lane] with `pad_h`,
/// `pad_w` rows/columns of zeros before (and zeros after, up to the plane's size).
WINO_INLINE void wino_interleave_input(const ebm_conv_geometry *g, const wino_layout *l, const float *x, long first,
                                       long lanes, long c, float *plane) {
  memset(plane, 0, (size_t)(l->padded_h * l->padded_w * 8) * sizeof(float));
  const long H = g->height, W = g->width;
  const long rows = H + g->pad_h < l->padded_h ? H : l->padded_h - g->pad_h;
  const long cols = W + g->pad_w < l->padded_w ? W : l->padded_w - g->pad_w;
  for (long lane = 0; lane < lanes; lane++) {
    const float *src = x + ((first + lane) * g->channels + c) * H * W;
    for (long y = 0; y < rows; y++) {
      float *dst = plane + ((y + g->pad_h) * l->padded_w + g->pad_w) * 8 + lane;
      const float *s = src + y * W;
      for (long xx = 0; xx < cols; xx++) dst[8 * xx] = s[xx];
    }
  }
}

/// V[ξ][c][t] = (B^T d B)[ξ] for every tile of the chunk's lane group `group` and channel c.
WINO_INLINE void wino_input_tiles(const wino_layout *l, const float *plane, long C, long c, long group, float *v) {
  const long T = l->tiles, W8 = l->padded_w * 8;
  for (long ty = 0; ty < l->tiles_y; ty++) {
    for (long tx = 0; tx < l->tiles_x; tx++) {
      const long t = ((group * l->tiles_per_image) + ty * l->tiles_x + tx) * 8;
      const float *p = plane + (2 * ty * l->padded_w + 2 * tx) * 8;
      float r[4][4][8];  // B^T d: rows
      for (int j = 0; j < 4; j++) {
        for (int s = 0; s < 8; s++) {
          const float d0 = p[j * 8 + s], d1 = p[W8 + j * 8 + s], d2 = p[2 * W8 + j * 8 + s];
          const float d3 = p[3 * W8 + j * 8 + s];
          r[0][j][s] = d0 - d2;
          r[1][j][s] = d1 + d2;
          r[2][j][s] = d2 - d1;
          r[3][j][s] = d1 - d3;
        }
      }
      for (int i = 0; i < 4; i++) {
        float *o0 = v + ((4 * i + 0) * C + c) * T + t, *o1 = v + ((4 * i + 1) * C + c) * T + t;
        float *o2 = v + ((4 * i + 2) * C + c) * T + t, *o3 = v + ((4 * i + 3) * C + c) * T + t;
        for (int s = 0; s < 8; s++) {
          o0[s] = r[i][0][s] - r[i][2][s];
          o1[s] = r[i][1][s] + r[i][2][s];
          o2[s] = r[i][2][s] - r[i][1][s];
          o3[s] = r[i][1][s] - r[i][3][s];
        }
      }
    }
  }
}

WINO_INLINE void wino_input_transform(const ebm_conv_geometry *g, const wino_layout *l, const float *x, long first,
                                      long images, float *plane, float *v) {
  for (long group = 0; group < l->lane_groups; group++) {
    long lanes = images - 8 * group;
    if (lanes > 8) lanes = 8;
    if (lanes < 0) lanes = 0;
    for (long c = 0; c < g->channels; c++) {
      wino_interleave_input(g, l, x, first + 8 * group, lanes, c, plane);
      wino_input_tiles(l, plane, g->channels, c, group, v);
    }
  }
}

/// Y = A^T M A for every tile of output channel k and lane group `group`, into plane[y][x][lane].
WINO_INLINE void wino_output_tiles(const wino_layout *l, const float *m, long K, long k, long group, float *plane) {
  const long T = l->tiles, W8 = l->out_w * 8;
  for (long ty = 0; ty < l->tiles_y; ty++) {
    for (long tx = 0; tx < l->tiles_x; tx++) {
      const long t = ((group * l->tiles_per_image) + ty * l->tiles_x + tx) * 8;
      float s[2][4][8];  // A^T M
      for (int j = 0; j < 4; j++) {
        const float *m0 = m + ((0 + j) * K + k) * T + t, *m1 = m + ((4 + j) * K + k) * T + t;
        const float *m2 = m + ((8 + j) * K + k) * T + t, *m3 = m + ((12 + j) * K + k) * T + t;
        for (int q = 0; q < 8; q++) {
          s[0][j][q] = m0[q] + m1[q] + m2[q];
          s[1][j][q] = m1[q] - m2[q] - m3[q];
        }
      }
      float *p = plane + (2 * ty * l->out_w + 2 * tx) * 8;
      for (int i = 0; i < 2; i++) {
        for (int q = 0; q < 8; q++) {
          p[i * W8 + q] = s[i][0][q] + s[i][1][q] + s[i][2][q];
          p[i * W8 + 8 + q] = s[i][1][q] - s[i][2][q] - s[i][3][q];
        }
      }
    }
  }
}

WINO_INLINE void wino_output_transform(const ebm_conv_geometry *g, const wino_layout *l, const float *m, long first,
                                       long images, float *plane, float *y) {
  const long K = g->out_channels, Ho = g->out_height, Wo = g->out_width;
  for (long group = 0; group < l->lane_groups; group++) {
    long lanes = images - 8 * group;
    if (lanes > 8) lanes = 8;
    if (lanes <= 0) break;
    for (long k = 0; k < K; k++) {
      wino_output_tiles(l, m, K, k, group, plane);
      for (long lane = 0; lane < lanes; lane++) {
        float *dst = y + ((first + 8 * group + lane) * K + k) * Ho * Wo;
        for (long oy = 0; oy < Ho; oy++) {
          const float *src = plane + oy * l->out_w * 8 + lane;
          for (long ox = 0; ox < Wo; ox++) dst[oy * Wo + ox] = src[8 * ox];
        }
      }
    }
  }
}

/// dM[ξ][k][t] = (A dY A^T)[ξ] for every tile of output channel k (dy zero outside the output).
WINO_INLINE void wino_output_adjoint(const ebm_conv_geometry *g, const wino_layout *l, const float *dy, long first,
                                     long images, float *plane, float *dm) {
  const long K = g->out_channels, Ho = g->out_height, Wo = g->out_width, T = l->tiles, W8 = l->out_w * 8;
  for (long group = 0; group < l->lane_groups; group++) {
    long lanes = images - 8 * group;
    if (lanes > 8) lanes = 8;
    if (lanes < 0) lanes = 0;
    for (long k = 0; k < K; k++) {
      memset(plane, 0, (size_t)(l->out_h * l->out_w * 8) * sizeof(float));
      for (long lane = 0; lane < lanes; lane++) {
        const float *src = dy + ((first + 8 * group + lane) * K + k) * Ho * Wo;
        for (long oy = 0; oy < Ho; oy++) {
          float *dst = plane + oy * W8 + lane;
          for (long ox = 0; ox < Wo; ox++) dst[8 * ox] = src[oy * Wo + ox];
        }
      }
      for (long ty = 0; ty < l->tiles_y; ty++) {
        for (long tx = 0; tx < l->tiles_x; tx++) {
          const long t = ((group * l->tiles_per_image) + ty * l->tiles_x + tx) * 8;
          const float *p = plane + (2 * ty * l->out_w + 2 * tx) * 8;
          float r[4][2][8];  // A dY
          for (int j = 0; j < 2; j++) {
            for (int q = 0; q < 8; q++) {
              const float a = p[j * 8 + q], b = p[W8 + j * 8 + q];
              r[0][j][q] = a;
              r[1][j][q] = a + b;
              r[2][j][q] = a - b;
              r[3][j][q] = -b;
            }
          }
          for (int i = 0; i < 4; i++) {
            float *o0 = dm + ((4 * i + 0) * K + k) * T + t, *o1 = dm + ((4 * i + 1) * K + k) * T + t;
            float *o2 = dm + ((4 * i + 2) * K + k) * T + t, *o3 = dm + ((4 * i + 3) * K + k) * T + t;
            for (int q = 0; q < 8; q++) {
              o0[q] = r[i][0][q];
              o1[q] = r[i][0][q] + r[i][1][q];
              o2[q] = r[i][0][q] - r[i][1][q];
              o3[q] = -r[i][1][q];
            }
          }
        }
      }
    }
  }
}

typedef struct {
  float *input_plane, *output_plane, *v, *m;
} wino_scratch;

static wino_scratch wino_scratch_get(const ebm_conv_geometry *g, const wino_layout *l) {
  float *base = conv_workspace_get((size_t)ebm_conv_winograd_scratch_floats(g));
  wino_scratch s;
  s.input_plane = base;
  s.output_plane = s.input_plane + wino_round16(l->padded_h * l->padded_w * 8);
  s.v = s.output_plane + wino_round16(l->out_h * l->out_w * 8);
  s.m = s.v + 16 * l->tiles * g->channels;
  return s;
}

#if defined(__x86_64__)

/// plane[(row0 + y) * plane_w + col0 + x][lane] = src_lane[y * W + x] for y < rows, x < cols,
/// lane < lanes (src_lane = src + lane * image_stride), and zero everywhere else in the
/// plane_h x plane_w plane; eight columns at a time by transposes.
EBM_AVX2 static void wino_interleave_avx2(const float *src, long image_stride, long lanes, long rows, long cols,
                                          long W, float *plane, long plane_h, long plane_w, long row0, long col0) {
  if (lanes < 8) {
    memset(plane, 0, (size_t)(plane_h * plane_w * 8) * sizeof(float));
  } else {
    // Every lane of the rows x cols block is written below: zero only the border around it.
    memset(plane, 0, (size_t)(row0 * plane_w * 8) * sizeof(float));
    for (long y = row0; y < row0 + rows; y++) {
      memset(plane + y * plane_w * 8, 0, (size_t)(col0 * 8) * sizeof(float));
      memset(plane + (y * plane_w + col0 + cols) * 8, 0, (size_t)((plane_w - col0 - cols) * 8) * sizeof(float));
    }
    memset(plane + (row0 + rows) * plane_w * 8, 0, (size_t)((plane_h - row0 - rows) * plane_w * 8) * sizeof(float));
  }
  for (long y = 0; y < rows; y++) {
    float *dst = plane + ((row0 + y) * plane_w + col0) * 8;
    long x = 0;
    if (lanes == 8) {
      for (; x + 8 <= cols; x += 8) {
        __m256 r[8];
        for (int l = 0; l < 8; l++) r[l] = _mm256_loadu_ps(src + l * image_stride + y * W + x);
        ebm_transpose8x8(r);
        for (int j = 0; j < 8; j++) _mm256_storeu_ps(dst + (x + j) * 8, r[j]);
      }
    }
    for (long lane = 0; lane < lanes; lane++) {
      const float *s = src + lane * image_stride + y * W;
      for (long xx = x; xx < cols; xx++) dst[xx * 8 + lane] = s[xx];
    }
  }
}

EBM_AVX2 static void wino_input_transform_avx2(const ebm_conv_geometry *g, const wino_layout *l, const float *x,
                                               long first, long images, float *plane, float *v) {
  const long C = g->channels, T = l->tiles, W8 = l->padded_w * 8, H = g->height, W = g->width;
  const long rows = H + g->pad_h < l->padded_h ? H : l->padded_h - g->pad_h;
  const long cols = W + g->pad_w < l->padded_w ? W : l->padded_w - g->pad_w;
  for (long group = 0; group < l->lane_groups; group++) {
    long lanes = images - 8 * group;
    if (lanes > 8) lanes = 8;
    if (lanes < 0) lanes = 0;
    for (long c = 0; c < C; c++) {
      wino_interleave_avx2(x + ((first + 8 * group) * C + c) * H * W, C * H * W, lanes, rows, cols, W, plane,
                           l->padded_h, l->padded_w, g->pad_h, g->pad_w);
      for (long ty = 0; ty < l->tiles_y; ty++) {
        for (long tx = 0; tx < l->tiles_x; tx++) {
          const long t = ((group * l->tiles_per_image) + ty * l->tiles_x + tx) * 8;
          const float *p = plane + (2 * ty * l->padded_w + 2 * tx) * 8;
          __m256 r[4][4];  // B^T d
          for (int j = 0; j < 4; j++) {
            const __m256 d0 = _mm256_loadu_ps(p + j * 8), d1 = _mm256_loadu_ps(p + W8 + j * 8);
            const __m256 d2 = _mm256_loadu_ps(p + 2 * W8 + j * 8), d3 = _mm256_loadu_ps(p + 3 * W8 + j * 8);
            r[0][j] = _mm256_sub_ps(d0, d2);
            r[1][j] = _mm256_add_ps(d1, d2);
            r[2][j] = _mm256_sub_ps(d2, d1);
            r[3][j] = _mm256_sub_ps(d1, d3);
          }
          for (int i = 0; i < 4; i++) {
            float *o = v + ((4 * i) * C + c) * T + t;
            _mm256_storeu_ps(o, _mm256_sub_ps(r[i][0], r[i][2]));
            _mm256_storeu_ps(o + C * T, _mm256_add_ps(r[i][1], r[i][2]));
            _mm256_storeu_ps(o + 2 * C * T, _mm256_sub_ps(r[i][2], r[i][1]));
            _mm256_storeu_ps(o + 3 * C * T, _mm256_sub_ps(r[i][1], r[i][3]));
          }
        }
      }
    }
  }
}

EBM_AVX2 static void wino_output_transform_avx2(const ebm_conv_geometry *g, const wino_layout *l, const float *m,
                                                long first, long images, float *plane, float *y) {
  const long K = g->out_channels, Ho = g->out_height, Wo = g->out_width, T = l->tiles, W8 = l->out_w * 8;
  const long KT = K * T;
  for (long group = 0; group < l->lane_groups; group++) {
    long lanes = images - 8 * group;
    if (lanes > 8) lanes = 8;
    if (lanes <= 0) break;
    for (long k = 0; k < K; k++) {
      for (long ty = 0; ty < l->tiles_y; ty++) {
        for (long tx = 0; tx < l->tiles_x; tx++) {
          const long t = ((group * l->tiles_per_image) + ty * l->tiles_x + tx) * 8;
          const float *base = m + k * T + t;
          __m256 s0[4], s1[4];  // A^T M
          for (int j = 0; j < 4; j++) {
            const __m256 m0 = _mm256_loadu_ps(base + j * KT), m1 = _mm256_loadu_ps(base + (4 + j) * KT);
            const __m256 m2 = _mm256_loadu_ps(base + (8 + j) * KT), m3 = _mm256_loadu_ps(base + (12 + j) * KT);
            s0[j] = _mm256_add_ps(_mm256_add_ps(m0, m1), m2);
            s1[j] = _mm256_sub_ps(_mm256_sub_ps(m1, m2), m3);
          }
          float *p = plane + (2 * ty * l->out_w + 2 * tx) * 8;
          _mm256_storeu_ps(p, _mm256_add_ps(_mm256_add_ps(s0[0], s0[1]), s0[2]));
          _mm256_storeu_ps(p + 8, _mm256_sub_ps(_mm256_sub_ps(s0[1], s0[2]), s0[3]));
          _mm256_storeu_ps(p + W8, _mm256_add_ps(_mm256_add_ps(s1[0], s1[1]), s1[2]));
          _mm256_storeu_ps(p + W8 + 8, _mm256_sub_ps(_mm256_sub_ps(s1[1], s1[2]), s1[3]));
        }
      }
      // De-interleave: eight columns of the eight images at a time by transposes.
      float *dst = y + ((first + 8 * group) * K + k) * Ho * Wo;
      const long image_stride = K * Ho * Wo;
      for (long oy = 0; oy < Ho; oy++) {
        const float *src = plane + oy * W8;
        long ox = 0;
        for (; ox + 8 <= Wo; ox += 8) {
          __m256 r[8];
          for (int j = 0; j < 8; j++) r[j] = _mm256_loadu_ps(src + (ox + j) * 8);
          ebm_transpose8x8(r);
          for (long lane = 0; lane < lanes; lane++) _mm256_storeu_ps(dst + lane * image_stride + oy * Wo + ox, r[lane]);
        }
        for (long lane = 0; lane < lanes; lane++) {
          for (long xx = ox; xx < Wo; xx++) dst[lane * image_stride + oy * Wo + xx] = src[xx * 8 + lane];
        }
      }
    }
  }
}

EBM_AVX2 static void wino_output_adjoint_avx2(const ebm_conv_geometry *g, const wino_layout *l, const float *dy,
                                              long first, long images, float *plane, float *dm) {
  const long K = g->out_channels, Ho = g->out_height, Wo = g->out_width, T = l->tiles, W8 = l->out_w * 8;
  const long KT = K * T;
  for (long group = 0; group < l->lane_groups; group++) {
    long lanes = images - 8 * group;
    if (lanes > 8) lanes = 8;
    if (lanes < 0) lanes = 0;
    for (long k = 0; k < K; k++) {
      wino_interleave_avx2(dy + ((first + 8 * group) * K + k) * Ho * Wo, K * Ho * Wo, lanes, Ho, Wo, Wo, plane,
                           l->out_h, l->out_w, 0, 0);
      for (long ty = 0; ty < l->tiles_y; ty++) {
        for (long tx = 0; tx < l->tiles_x; tx++) {
          const long t = ((group * l->tiles_per_image) + ty * l->tiles_x + tx) * 8;
          const float *p = plane + (2 * ty * l->out_w + 2 * tx) * 8;
          const __m256 a0 = _mm256_loadu_ps(p), a1 = _mm256_loadu_ps(p + 8);            // dY row 0
          const __m256 b0 = _mm256_loadu_ps(p + W8), b1 = _mm256_loadu_ps(p + W8 + 8);  // dY row 1
          const __m256 zero = _mm256_setzero_ps();
          __m256 r[4][2];  // A dY
          r[0][0] = a0;
          r[0][1] = a1;
          r[1][0] = _mm256_add_ps(a0, b0);
          r[1][1] = _mm256_add_ps(a1, b1);
          r[2][0] = _mm256_sub_ps(a0, b0);
          r[2][1] = _mm256_sub_ps(a1, b1);
          r[3][0] = _mm256_sub_ps(zero, b0);
          r[3][1] = _mm256_sub_ps(zero, b1);
          float *o = dm + k * T + t;
          for (int i = 0; i < 4; i++) {
            _mm256_storeu_ps(o + (4 * i) * KT, r[i][0]);
            _mm256_storeu_ps(o + (4 * i + 1) * KT, _mm256_add_ps(r[i][0], r[i][1]));
            _mm256_storeu_ps(o + (4 * i + 2) * KT, _mm256_sub_ps(r[i][0], r[i][1]));
            _mm256_storeu_ps(o + (4 * i + 3) * KT, _mm256_sub_ps(zero, r[i][1]));
          }
        }
      }
    }
  }
}
#endif

static void wino_input_transform_any(const ebm_conv_geometry *g, const wino_layout *l, const float *x, long first,
                                     long images, float *plane, float *v) {
#if defined(__x86_64__)
  if (ebm_has_avx2_fma()) {
    wino_input_transform_avx2(g, l, x, first, images, plane, v);
    return;
  }
#endif
  wino_input_transform(g, l, x, first, images, plane, v);
}

void ebm_conv_winograd_forward(const ebm_conv_geometry *g, const float *x, const float *u, float *y, long first,
                               long images) {
  const wino_layout l = wino_layout_of(g);
  const wino_scratch s = wino_scratch_get(g, &l);
  const long C = g->channels, K = g->out_channels, T = l.tiles;
  wino_input_transform_any(g, &l, x, first, images, s.input_plane, s.v);
  for (long xi = 0; xi < 16; xi++) {
    ebm_sgemm(0, 0, K, T, C, u + xi * K * C, C, s.v + xi * C * T, T, s.m + xi * K * T, T, 0);
  }
#if defined(__x86_64__)
  if (ebm_has_avx2_fma()) {
    wino_output_transform_avx2(g, &l, s.m, first, images, s.output_plane, y);
    return;
  }
#endif
  wino_output_transform(g, &l, s.m, first, images, s.output_plane, y);
}

void ebm_conv_winograd_weight_grad(const ebm_conv_geometry *g, const float *x, const float *dy, float *du, long first,
                                   long images, int accumulate) {
  const wino_layout l = wino_layout_of(g);
  const wino_scratch s = wino_scratch_get(g, &l);
  const long C = g->channels, K = g->out_channels, T = l.tiles;
  wino_input_transform_any(g, &l, x, first, images, s.input_plane, s.v);
#if defined(__x86_64__)
  if (ebm_has_avx2_fma()) {
    wino_output_adjoint_avx2(g, &l, dy, first, images, s.output_plane, s.m);
  } else
#endif
  {
    wino_output_adjoint(g, &l, dy, first, images, s.output_plane, s.m);
  }
  for (long xi = 0; xi < 16; xi++) {
    ebm_sgemm(0, 1, K, C, T, s.m + xi * K * T, T, s.v + xi * C * T, T, du + xi * K * C, C, accumulate);
  }
}
