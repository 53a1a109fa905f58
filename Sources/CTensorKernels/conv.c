// Two-dimensional convolution on NCHW tensors (PyTorch's conv2d semantics: stride, zero padding,
// dilation, groups), as im2col + SGEMM over tiles of whole images.
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
