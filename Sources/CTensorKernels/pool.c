// 2 × 2 max pooling at stride 2 (the box and image CNNs' pooling), forward with the argmax.
//
// The rule is PoolingWindows.maxima's: within a window, in row-major order, a value replaces the
// best so far when it is larger, or when it is NaN and the best is not; so the first of tied
// maxima and the first NaN win. The comparisons are combined with bitwise operators so that the
// compiler selects instead of branching on data.
#include "CTensorKernels.h"

static inline void ebm_pool_consider(const float *x, long candidate, float *best, long *index) {
  float v = x[candidate];
  int wins = (v > *best) | ((v != v) & (*best == *best));
  *best = wins ? v : *best;
  *index = wins ? candidate : *index;
}

void ebm_maxpool2x2_forward(const float *x, float *values, long *indices, long planes, long height, long width) {
  long out_rows = height / 2, out_cols = width / 2;
  long o = 0;
  for (long p = 0; p < planes; p++) {
    for (long i = 0; i < out_rows; i++) {
      long top = p * height * width + 2 * i * width;
      long bottom = top + width;
      for (long j = 0; j < out_cols; j++, o++) {
        long index = top + 2 * j;
        float best = x[index];
        ebm_pool_consider(x, top + 2 * j + 1, &best, &index);
        ebm_pool_consider(x, bottom + 2 * j, &best, &index);
        ebm_pool_consider(x, bottom + 2 * j + 1, &best, &index);
        values[o] = best;
        indices[o] = index;
      }
    }
  }
}
