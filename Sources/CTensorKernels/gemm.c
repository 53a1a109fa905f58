// Single-precision matrix multiply (SGEMM) on row-major matrices.
//
// AVX2+FMA path (chosen at run time): the classic Goto/BLIS structure.
//   for jc (NC columns of C)            B block  [KC x NC] packed into 16-column panels (L3)
//     for pc (KC slice of k)
//       for ic (MC rows of C)           A block  [MC x KC] packed into 6-row panels (L2)
//         for jr (16 columns), ir (6 rows):  6x16 register-blocked micro-kernel, 12 ymm accumulators
// When C has few columns (n <= EBM_DIRECT_N) every element of A is used once or twice only, so A
// is read in place (the micro-kernel broadcasts straight from A's rows or columns) and only the
// small B is packed: that keeps the skinny products of EBM training near memory speed.
//
// Determinism: every C[i][j] is computed by the same sequence of operations whatever the
// values of m and n (k is sliced by a function of k alone, the micro-kernel always sums over p in
// ascending order from zero and then adds once to C), so a caller may split the work over rows
// or columns of C and get bit-identical results.
#include "CTensorKernels.h"
#include "internal.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#include "transpose_avx2.h"
#endif

static void *ebm_aligned_alloc(size_t bytes) {
  void *p = NULL;
  if (posix_memalign(&p, 64, bytes ? bytes : 64) != 0) abort();
  return p;
}

// Per-thread workspaces (internal.h): calls on different threads never share one, and a thread
// reuses its own across calls (no allocation, no fresh pages per call); one per slot, so that a
// kernel holding one may call another that uses a different slot. Freed when the thread exits.
typedef struct {
  float *data[EBM_WORKSPACE_SLOTS];
  size_t floats[EBM_WORKSPACE_SLOTS];
} ebm_workspace;

static pthread_key_t ebm_workspace_key;
static pthread_once_t ebm_workspace_once = PTHREAD_ONCE_INIT;

static void ebm_workspace_free(void *p) {
  ebm_workspace *w = (ebm_workspace *)p;
  for (int slot = 0; slot < EBM_WORKSPACE_SLOTS; ++slot) free(w->data[slot]);
  free(w);
}

static void ebm_workspace_init(void) {
  if (pthread_key_create(&ebm_workspace_key, ebm_workspace_free) != 0) abort();
}

float *ebm_thread_workspace(int slot, size_t floats) {
  pthread_once(&ebm_workspace_once, ebm_workspace_init);
  ebm_workspace *w = (ebm_workspace *)pthread_getspecific(ebm_workspace_key);
  if (w == NULL) {
    w = (ebm_workspace *)calloc(1, sizeof(ebm_workspace));
    if (w == NULL || pthread_setspecific(ebm_workspace_key, w) != 0) abort();
  }
  if (w->floats[slot] < floats) {
    free(w->data[slot]);
    w->data[slot] = (float *)ebm_aligned_alloc(floats * sizeof(float));
    w->floats[slot] = floats;
  }
  return w->data[slot];
}

// MARK: - Portable path

void ebm_sgemm_portable(int transA, int transB, long m, long n, long k,
                        const float *a, long lda, const float *b, long ldb,
                        float *c, long ldc, int accumulate) {
  if (m <= 0 || n <= 0) return;
  float stackRow[512];
  float *row = n <= 512 ? stackRow : (float *)ebm_aligned_alloc((size_t)n * sizeof(float));
  for (long i = 0; i < m; ++i) {
    for (long j = 0; j < n; ++j) row[j] = 0.0f;
    for (long p = 0; p < k; ++p) {
      const float aip = transA ? a[p * lda + i] : a[i * lda + p];
      if (!transB) {
        const float *bp = b + p * ldb;
        for (long j = 0; j < n; ++j) row[j] += aip * bp[j];
      } else {
        for (long j = 0; j < n; ++j) row[j] += aip * b[j * ldb + p];
      }
    }
    float *ci = c + i * ldc;
    if (accumulate) {
      for (long j = 0; j < n; ++j) ci[j] += row[j];
    } else {
      for (long j = 0; j < n; ++j) ci[j] = row[j];
    }
  }
  if (row != stackRow) free(row);
}

// MARK: - AVX2+FMA path

#if defined(__x86_64__)

enum {
  EBM_MR = 6,         // rows of the micro-tile
  EBM_NR = 16,        // columns of the micro-tile (two ymm registers)
  EBM_KC = 256,       // slice of k held in the packed panels
  EBM_MC = 144,       // rows of A packed at a time (multiple of EBM_MR)
  EBM_NC = 4096,      // columns of B packed at a time (multiple of EBM_NR)
  EBM_DIRECT_N = 32,  // at most this many columns of C: read A in place, do not pack it
};

static inline long ebm_min(long x, long y) { return x < y ? x : y; }

// Writes a finished micro-tile: C = acc (beta == 0) or C += acc (beta != 0), for the
// top-left mr x nr part. Full tiles use vector stores, partial ones go through a buffer; both
// perform the same single rounding c + acc per element.
#define EBM_STORE_ROW16(r)                                                   \
  do {                                                                       \
    float *cr = c + (r) * ldc;                                               \
    if (beta) {                                                              \
      c##r##0 = _mm256_add_ps(_mm256_loadu_ps(cr), c##r##0);                 \
      c##r##1 = _mm256_add_ps(_mm256_loadu_ps(cr + 8), c##r##1);             \
    }                                                                        \
    _mm256_storeu_ps(cr, c##r##0);                                           \
    _mm256_storeu_ps(cr + 8, c##r##1);                                       \
  } while (0)

#define EBM_STORE_TILE16()                                                   \
  do {                                                                       \
    if (mr == EBM_MR && nr == EBM_NR) {                                      \
      EBM_STORE_ROW16(0); EBM_STORE_ROW16(1); EBM_STORE_ROW16(2);            \
      EBM_STORE_ROW16(3); EBM_STORE_ROW16(4); EBM_STORE_ROW16(5);            \
    } else if (mr == EBM_MR) {                                               \
      const __m256i mask = ebm_tail_mask(nr - 8);                            \
      EBM_STORE_ROW16M(0); EBM_STORE_ROW16M(1); EBM_STORE_ROW16M(2);         \
      EBM_STORE_ROW16M(3); EBM_STORE_ROW16M(4); EBM_STORE_ROW16M(5);         \
    } else {                                                                 \
      float t[EBM_MR * EBM_NR] __attribute__((aligned(32)));                 \
      _mm256_store_ps(t + 0, c00);  _mm256_store_ps(t + 8, c01);             \
      _mm256_store_ps(t + 16, c10); _mm256_store_ps(t + 24, c11);            \
      _mm256_store_ps(t + 32, c20); _mm256_store_ps(t + 40, c21);            \
      _mm256_store_ps(t + 48, c30); _mm256_store_ps(t + 56, c31);            \
      _mm256_store_ps(t + 64, c40); _mm256_store_ps(t + 72, c41);            \
      _mm256_store_ps(t + 80, c50); _mm256_store_ps(t + 88, c51);            \
      ebm_store_partial(t, EBM_NR, c, ldc, beta, mr, nr);                    \
    }                                                                        \
  } while (0)

// Rows of a full-height tile whose width nr is in 9 ..< 16: the last nr - 8 columns go through a
// masked load/store.
#define EBM_STORE_ROW16M(r)                                                  \
  do {                                                                       \
    float *cr = c + (r) * ldc;                                               \
    if (beta) {                                                              \
      c##r##0 = _mm256_add_ps(_mm256_loadu_ps(cr), c##r##0);                 \
      c##r##1 = _mm256_add_ps(_mm256_maskload_ps(cr + 8, mask), c##r##1);    \
    }                                                                        \
    _mm256_storeu_ps(cr, c##r##0);                                           \
    ebm_store_tail(cr + 8, c##r##1, nr - 8);                                 \
  } while (0)

static const int32_t ebm_mask_source[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};

/// Stores the first `count` (1 ... 8) lanes of v to p with plain stores (masked stores are slow
/// on some AMD cores).
EBM_AVX2 static inline void ebm_store_tail(float *p, __m256 v, long count) {
  if (count == 8) {
    _mm256_storeu_ps(p, v);
    return;
  }
  __m128 x = _mm256_castps256_ps128(v);
  if (count & 4) {
    _mm_storeu_ps(p, x);
    p += 4;
    x = _mm256_extractf128_ps(v, 1);
  }
  if (count & 2) {
    _mm_storel_pi((__m64 *)p, x);
    p += 2;
    x = _mm_movehl_ps(x, x);
  }
  if (count & 1) _mm_store_ss(p, x);
}

/// Lane mask selecting the first `count` (0 ... 8) lanes.
EBM_AVX2 static inline __m256i ebm_tail_mask(long count) {
  return _mm256_loadu_si256((const __m256i *)(ebm_mask_source + 8 - count));
}

static inline void ebm_store_partial(const float *t, long tld, float *c, long ldc, int beta,
                                     long mr, long nr) {
  for (long r = 0; r < mr; ++r) {
    float *cr = c + r * ldc;
    const float *tr = t + r * tld;
    if (beta) {
      for (long j = 0; j < nr; ++j) cr[j] = cr[j] + tr[j];
    } else {
      for (long j = 0; j < nr; ++j) cr[j] = tr[j];
    }
  }
}

#define EBM_DECLARE_ACC16()                                                  \
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();               \
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();               \
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();               \
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();               \
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();               \
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps()

#define EBM_FMA_ROW16(r, ptr)                                                \
  do {                                                                       \
    const __m256 av = _mm256_broadcast_ss(ptr);                              \
    c##r##0 = _mm256_fmadd_ps(av, b0, c##r##0);                              \
    c##r##1 = _mm256_fmadd_ps(av, b1, c##r##1);                              \
  } while (0)

/// 6x16 micro-kernel on a packed A panel (a[p * 6 + r]) and a packed B panel (b[p * 16 + j]).
EBM_AVX2 static void ebm_kernel16_packed(long kc, const float *restrict a, const float *restrict b,
                                         float *c, long ldc, int beta, long mr, long nr) {
  EBM_DECLARE_ACC16();
  for (long r = 0; r < EBM_MR; ++r) _mm_prefetch((const char *)(c + r * ldc), _MM_HINT_T0);
  long p = 0;
  for (; p + 4 <= kc; p += 4) {
#define EBM_STEP16(q)                                                        \
    do {                                                                     \
      const __m256 b0 = _mm256_load_ps(b + (q) * 16);                        \
      const __m256 b1 = _mm256_load_ps(b + (q) * 16 + 8);                    \
      EBM_FMA_ROW16(0, a + (q) * 6 + 0); EBM_FMA_ROW16(1, a + (q) * 6 + 1);  \
      EBM_FMA_ROW16(2, a + (q) * 6 + 2); EBM_FMA_ROW16(3, a + (q) * 6 + 3);  \
      EBM_FMA_ROW16(4, a + (q) * 6 + 4); EBM_FMA_ROW16(5, a + (q) * 6 + 5);  \
    } while (0)
    _mm_prefetch((const char *)(a + 96), _MM_HINT_T0);
    EBM_STEP16(0); EBM_STEP16(1); EBM_STEP16(2); EBM_STEP16(3);
    a += 24;
    b += 64;
  }
  for (; p < kc; ++p) {
    EBM_STEP16(0);
    a += 6;
    b += 16;
  }
#undef EBM_STEP16
  EBM_STORE_TILE16();
}

/// 6x16 micro-kernel reading A in place: row r of the tile starts at a + r * a_rs and advances by
/// a_cs per step of k. Rows r >= mr are never read.
EBM_AVX2 static void ebm_kernel16_direct(long kc, const float *a, long a_rs, long a_cs,
                                         const float *restrict b, float *c, long ldc, int beta,
                                         long mr, long nr) {
  EBM_DECLARE_ACC16();
  const float *a0 = a;
  const float *a1 = a + ebm_min(1, mr - 1) * a_rs;
  const float *a2 = a + ebm_min(2, mr - 1) * a_rs;
  const float *a3 = a + ebm_min(3, mr - 1) * a_rs;
  const float *a4 = a + ebm_min(4, mr - 1) * a_rs;
  const float *a5 = a + ebm_min(5, mr - 1) * a_rs;
  for (long p = 0; p < kc; ++p) {
    const __m256 b0 = _mm256_load_ps(b);
    const __m256 b1 = _mm256_load_ps(b + 8);
    EBM_FMA_ROW16(0, a0); EBM_FMA_ROW16(1, a1); EBM_FMA_ROW16(2, a2);
    EBM_FMA_ROW16(3, a3); EBM_FMA_ROW16(4, a4); EBM_FMA_ROW16(5, a5);
    a0 += a_cs; a1 += a_cs; a2 += a_cs; a3 += a_cs; a4 += a_cs; a5 += a_cs;
    b += 16;
  }
  EBM_STORE_TILE16();
}

#define EBM_FMA_ROW8(r, ptr)                                                 \
  do {                                                                       \
    c##r = _mm256_fmadd_ps(_mm256_broadcast_ss(ptr), b0, c##r);              \
  } while (0)

#define EBM_STORE_ROW8(r)                                                    \
  do {                                                                       \
    float *cr = c + (r) * ldc;                                               \
    if (beta) c##r = _mm256_add_ps(_mm256_loadu_ps(cr), c##r);               \
    _mm256_storeu_ps(cr, c##r);                                              \
  } while (0)

#define EBM_STORE_ROW8M(r)                                                   \
  do {                                                                       \
    float *cr = c + (r) * ldc;                                               \
    if (beta) c##r = _mm256_add_ps(_mm256_maskload_ps(cr, mask), c##r);      \
    ebm_store_tail(cr, c##r, nr);                                            \
  } while (0)

#define EBM_STORE_TILE8()                                                    \
  do {                                                                       \
    if (mr == EBM_MR && nr == 8) {                                           \
      EBM_STORE_ROW8(0); EBM_STORE_ROW8(1); EBM_STORE_ROW8(2);               \
      EBM_STORE_ROW8(3); EBM_STORE_ROW8(4); EBM_STORE_ROW8(5);               \
    } else if (mr == EBM_MR) {                                               \
      const __m256i mask = ebm_tail_mask(nr);                                \
      EBM_STORE_ROW8M(0); EBM_STORE_ROW8M(1); EBM_STORE_ROW8M(2);            \
      EBM_STORE_ROW8M(3); EBM_STORE_ROW8M(4); EBM_STORE_ROW8M(5);            \
    } else {                                                                 \
      float t[EBM_MR * 8] __attribute__((aligned(32)));                      \
      _mm256_store_ps(t + 0, c0);  _mm256_store_ps(t + 8, c1);               \
      _mm256_store_ps(t + 16, c2); _mm256_store_ps(t + 24, c3);              \
      _mm256_store_ps(t + 32, c4); _mm256_store_ps(t + 40, c5);              \
      ebm_store_partial(t, 8, c, ldc, beta, mr, nr);                         \
    }                                                                        \
  } while (0)

/// 6x8 micro-kernel for the last (at most 8 wide) column panel; A in place or packed
/// (a_rs = 1, a_cs = 6), B packed 8 wide (b[p * 8 + j]).
EBM_AVX2 static void ebm_kernel8(long kc, const float *a, long a_rs, long a_cs,
                                 const float *restrict b, float *c, long ldc, int beta, long mr,
                                 long nr) {
  __m256 c0 = _mm256_setzero_ps(), c1 = _mm256_setzero_ps(), c2 = _mm256_setzero_ps();
  __m256 c3 = _mm256_setzero_ps(), c4 = _mm256_setzero_ps(), c5 = _mm256_setzero_ps();
  const float *a0 = a;
  const float *a1 = a + ebm_min(1, mr - 1) * a_rs;
  const float *a2 = a + ebm_min(2, mr - 1) * a_rs;
  const float *a3 = a + ebm_min(3, mr - 1) * a_rs;
  const float *a4 = a + ebm_min(4, mr - 1) * a_rs;
  const float *a5 = a + ebm_min(5, mr - 1) * a_rs;
  for (long p = 0; p < kc; ++p) {
    const __m256 b0 = _mm256_load_ps(b);
    EBM_FMA_ROW8(0, a0); EBM_FMA_ROW8(1, a1); EBM_FMA_ROW8(2, a2);
    EBM_FMA_ROW8(3, a3); EBM_FMA_ROW8(4, a4); EBM_FMA_ROW8(5, a5);
    a0 += a_cs; a1 += a_cs; a2 += a_cs; a3 += a_cs; a4 += a_cs; a5 += a_cs;
    b += 8;
  }
  EBM_STORE_TILE8();
}

/// Width of the packed panel that starts at column jr of an nc-wide block: 16, or 8 for a last
/// panel of at most 8 columns.
static inline long ebm_panel_width(long nc, long jr) { return nc - jr > 8 ? EBM_NR : 8; }

/// Packs op(B)[pc ..< pc+kc][jc ..< jc+nc] into consecutive column panels; the panel starting at
/// column jr lives at bp + jr * kc with row stride ebm_panel_width(nc, jr), zero-padded.
EBM_AVX2 static void ebm_pack_b(int transB, long kc, long nc, const float *b, long ldb,
                                long pc, long jc, float *restrict bp) {
  for (long jr = 0; jr < nc; jr += EBM_NR) {
    const long nr = ebm_min(EBM_NR, nc - jr);
    const long w = ebm_panel_width(nc, jr);
    float *dst = bp + jr * kc;
    if (!transB) {
      const float *src = b + pc * ldb + jc + jr;
      if (nr == 16) {
        for (long p = 0; p < kc; ++p) {
          _mm256_store_ps(dst + p * 16, _mm256_loadu_ps(src + p * ldb));
          _mm256_store_ps(dst + p * 16 + 8, _mm256_loadu_ps(src + p * ldb + 8));
        }
      } else if (nr == 8) {
        for (long p = 0; p < kc; ++p) _mm256_store_ps(dst + p * 8, _mm256_loadu_ps(src + p * ldb));
      } else if (nr > 8) {
        const __m256i mask = ebm_tail_mask(nr - 8);
        for (long p = 0; p < kc; ++p) {
          _mm256_store_ps(dst + p * 16, _mm256_loadu_ps(src + p * ldb));
          _mm256_store_ps(dst + p * 16 + 8, _mm256_maskload_ps(src + p * ldb + 8, mask));
        }
      } else {
        const __m256i mask = ebm_tail_mask(nr);
        for (long p = 0; p < kc; ++p) _mm256_store_ps(dst + p * 8, _mm256_maskload_ps(src + p * ldb, mask));
      }
    } else {
      // op(B)[p][j] = b[j * ldb + p]
      long j = 0;
      if (w == 16 && nr == 16) {
        // 8x8 register transposes: 8 columns of op(B) (rows of b) at a time.
        for (; j < 16; j += 8) {
          const float *s = b + (jc + jr + j) * ldb + pc;
          long p = 0;
          for (; p + 8 <= kc; p += 8) {
            __m256 r[8];
            for (int q = 0; q < 8; ++q) r[q] = _mm256_loadu_ps(s + q * ldb + p);
            ebm_transpose8x8(r);
            float *d = dst + p * 16 + j;
            for (int q = 0; q < 8; ++q) _mm256_storeu_ps(d + q * 16, r[q]);
          }
          for (; p < kc; ++p) {
            for (long jj = 0; jj < 8; ++jj) dst[p * 16 + j + jj] = s[jj * ldb + p];
          }
        }
      } else {
        for (; j < nr; ++j) {
          const float *s = b + (jc + jr + j) * ldb + pc;
          for (long p = 0; p < kc; ++p) dst[p * w + j] = s[p];
        }
        for (; j < w; ++j) {
          for (long p = 0; p < kc; ++p) dst[p * w + j] = 0.0f;
        }
      }
    }
  }
}

/// Packs op(A)[ic ..< ic+mc][pc ..< pc+kc] into 6-row panels: panel ir at ap + ir * kc, element
/// (r, p) at p * 6 + r, rows past mc zero.
EBM_AVX2 static void ebm_pack_a(int transA, long mc, long kc, const float *a, long lda, long ic,
                                long pc, float *restrict ap) {
  for (long ir = 0; ir < mc; ir += EBM_MR) {
    const long mr = ebm_min(EBM_MR, mc - ir);
    float *dst = ap + ir * kc;
    if (!transA) {
      if (mr == EBM_MR) {
        const float *s0 = a + (ic + ir) * lda + pc;
        const float *s1 = s0 + lda, *s2 = s1 + lda, *s3 = s2 + lda, *s4 = s3 + lda,
                    *s5 = s4 + lda;
        for (long p = 0; p < kc; ++p) {
          float *d = dst + p * 6;
          d[0] = s0[p]; d[1] = s1[p]; d[2] = s2[p]; d[3] = s3[p]; d[4] = s4[p]; d[5] = s5[p];
        }
      } else {
        for (long p = 0; p < kc; ++p) {
          long r = 0;
          for (; r < mr; ++r) dst[p * 6 + r] = a[(ic + ir + r) * lda + pc + p];
          for (; r < EBM_MR; ++r) dst[p * 6 + r] = 0.0f;
        }
      }
    } else {
      // op(A)[i][p] = a[p * lda + i]
      for (long p = 0; p < kc; ++p) {
        const float *s = a + (pc + p) * lda + ic + ir;
        float *d = dst + p * 6;
        long r = 0;
        for (; r < mr; ++r) d[r] = s[r];
        for (; r < EBM_MR; ++r) d[r] = 0.0f;
      }
    }
  }
}

// MARK: Row-vector kernel for narrow C (n <= EBM_RV_MAXN)
//
// With few columns a 16-wide tile wastes most of its lanes. Here the 8 lanes of a register run
// down 8 rows of C instead: acc[g][j] += op(A)[rows of group g, p] * B[p][j], for two groups of
// 8 rows (16 rows) and a chunk of at most 6 columns, so all lanes do useful work and each
// broadcast of B feeds two FMAs. op(A)'s rows are transposed into `at` (at[p * 8 + lane])
// unless A is stored transposed, in which case they are read in place. Same per-element
// arithmetic as the tile kernels (fma over p in order from zero, then one add to C).

enum { EBM_RV_MAXN = 12, EBM_RV_CHUNK = 6 };

/// Gathers op(A)[i0 ..< i0+rows][pc ..< pc+kc] (rows <= 8) as at[p * 8 + lane]; lanes past
/// `rows` repeat the last row.
EBM_AVX2 static void ebm_pack_at(int transA, const float *a, long lda, long i0, long rows,
                                 long pc, long kc, float *restrict at) {
  if (transA) {
    const __m256i mask = ebm_tail_mask(rows);
    const float *src = a + pc * lda + i0;
    for (long p = 0; p < kc; ++p) {
      __m256 v = _mm256_maskload_ps(src + p * lda, mask);
      if (rows < 8) {
        const __m256 last = _mm256_set1_ps(src[p * lda + rows - 1]);
        v = _mm256_blendv_ps(last, v, _mm256_castsi256_ps(mask));
      }
      _mm256_store_ps(at + p * 8, v);
    }
    return;
  }
  const float *row[8];
  for (int q = 0; q < 8; ++q) row[q] = a + (i0 + ebm_min(q, rows - 1)) * lda + pc;
  long p = 0;
  for (; p + 8 <= kc; p += 8) {
    __m256 r[8];
    for (int q = 0; q < 8; ++q) r[q] = _mm256_loadu_ps(row[q] + p);
    ebm_transpose8x8(r);
    for (int q = 0; q < 8; ++q) _mm256_store_ps(at + (p + q) * 8, r[q]);
  }
  if (p < kc) {
    const long rest = kc - p;
    const __m256i mask = ebm_tail_mask(rest);
    __m256 r[8];
    for (int q = 0; q < 8; ++q) r[q] = _mm256_maskload_ps(row[q] + p, mask);
    ebm_transpose8x8(r);
    for (int q = 0; q < 8; ++q) {
      if (q < rest) _mm256_store_ps(at + (p + q) * 8, r[q]);
    }
  }
}

/// Writes acc[j] (lane = row) to C[0 ..< rows][0 ..< N], N <= 8: C = value or C += value.
EBM_AVX2 static inline __attribute__((always_inline)) void ebm_rowvec_store(
    const int N, const __m256 *acc, float *c, long ldc, int beta, long rows) {
  __m256 t[8];
  for (int q = 0; q < 8; ++q) t[q] = q < N ? acc[q] : _mm256_setzero_ps();
  ebm_transpose8x8(t);
  const __m256i mask = ebm_tail_mask(N);
  for (int r = 0; r < 8; ++r) {
    if (r >= rows) break;
    float *cr = c + r * ldc;
    if (N == 8) {
      _mm256_storeu_ps(cr, beta ? _mm256_add_ps(_mm256_loadu_ps(cr), t[r]) : t[r]);
    } else {
      ebm_store_tail(cr, beta ? _mm256_add_ps(_mm256_maskload_ps(cr, mask), t[r]) : t[r], N);
    }
  }
}

/// One k slice of 16 rows x N columns (N <= EBM_RV_CHUNK): group g's op(A) column p is the
/// vector at at + g * gstride + p * pstride; B's element (p, j) is bp[p * bstride + j].
EBM_AVX2 static inline __attribute__((always_inline)) void ebm_rowvec_compute(
    const int N, long kc, const float *at, long pstride, long gstride,
    const float *restrict bp, long bstride, float *c, long ldc, int beta, long rows) {
  __m256 acc0[EBM_RV_CHUNK], acc1[EBM_RV_CHUNK];
  for (int j = 0; j < N; ++j) acc0[j] = acc1[j] = _mm256_setzero_ps();
  const float *at1 = at + gstride;
  for (long p = 0; p < kc; ++p) {
    const __m256 a0 = _mm256_loadu_ps(at + p * pstride);
    const __m256 a1 = _mm256_loadu_ps(at1 + p * pstride);
    const float *bq = bp + p * bstride;
    for (int j = 0; j < N; ++j) {
      const __m256 bj = _mm256_broadcast_ss(bq + j);
      acc0[j] = _mm256_fmadd_ps(a0, bj, acc0[j]);
      acc1[j] = _mm256_fmadd_ps(a1, bj, acc1[j]);
    }
  }
  ebm_rowvec_store(N, acc0, c, ldc, beta, rows < 8 ? rows : 8);
  if (rows > 8) ebm_rowvec_store(N, acc1, c + 8 * ldc, ldc, beta, rows - 8);
}

#define EBM_RV_DEFINE(N)                                                                \
  EBM_AVX2 __attribute__((noinline)) static void ebm_rowvec_compute_##N(                \
      long kc, const float *at, long pstride, long gstride, const float *restrict bp,   \
      long bstride, float *c, long ldc, int beta, long rows) {                          \
    ebm_rowvec_compute(N, kc, at, pstride, gstride, bp, bstride, c, ldc, beta, rows);   \
  }
EBM_RV_DEFINE(1) EBM_RV_DEFINE(2) EBM_RV_DEFINE(3)
EBM_RV_DEFINE(4) EBM_RV_DEFINE(5) EBM_RV_DEFINE(6)

/// C = op(A) op(B) (+ C) for n <= EBM_RV_MAXN with the row-vector kernel, k sliced by kcMax.
EBM_AVX2 static void ebm_sgemm_rowvec(int transA, int transB, long m, long n, long k,
                                      const float *a, long lda, const float *b, long ldb,
                                      float *c, long ldc, int accumulate, long kcMax) {
  float bp[EBM_KC * EBM_RV_MAXN] __attribute__((aligned(64)));
  float at[2 * EBM_KC * 8] __attribute__((aligned(64)));
  for (long pc = 0; pc < k; pc += kcMax) {
    const long kc = ebm_min(kcMax, k - pc);
    const int beta = accumulate || pc > 0;
    // B's slice: read in place when stored untransposed, else packed as bp[p * n + j].
    const float *bs = b + pc * ldb;
    long bstride = ldb;
    if (transB) {
      for (long j = 0; j < n; ++j) {
        const float *src = b + j * ldb + pc;
        for (long p = 0; p < kc; ++p) bp[p * n + j] = src[p];
      }
      bs = bp;
      bstride = n;
    }
    for (long i0 = 0; i0 < m; i0 += 16) {
      const long rows = ebm_min(16, m - i0);
      const float *ablk;
      long pstride, gstride;
      if (transA && rows == 16) {
        // Columns of op(A) are contiguous in the stored A: read them in place.
        ablk = a + pc * lda + i0;
        pstride = lda;
        gstride = 8;
      } else {
        ebm_pack_at(transA, a, lda, i0, rows < 8 ? rows : 8, pc, kc, at);
        // A lone last group of at most 8 rows computes a discarded copy as its second group.
        if (rows > 8) ebm_pack_at(transA, a, lda, i0 + 8, rows - 8, pc, kc, at + kc * 8);
        ablk = at;
        pstride = 8;
        gstride = rows > 8 ? kc * 8 : 0;
      }
      float *cblk = c + i0 * ldc;
      for (long j0 = 0; j0 < n; j0 += EBM_RV_CHUNK) {
        const long w = ebm_min(EBM_RV_CHUNK, n - j0);
        switch (w) {
          case 1: ebm_rowvec_compute_1(kc, ablk, pstride, gstride, bs + j0, bstride, cblk + j0, ldc, beta, rows); break;
          case 2: ebm_rowvec_compute_2(kc, ablk, pstride, gstride, bs + j0, bstride, cblk + j0, ldc, beta, rows); break;
          case 3: ebm_rowvec_compute_3(kc, ablk, pstride, gstride, bs + j0, bstride, cblk + j0, ldc, beta, rows); break;
          case 4: ebm_rowvec_compute_4(kc, ablk, pstride, gstride, bs + j0, bstride, cblk + j0, ldc, beta, rows); break;
          case 5: ebm_rowvec_compute_5(kc, ablk, pstride, gstride, bs + j0, bstride, cblk + j0, ldc, beta, rows); break;
          default: ebm_rowvec_compute_6(kc, ablk, pstride, gstride, bs + j0, bstride, cblk + j0, ldc, beta, rows); break;
        }
      }
    }
  }
}

EBM_AVX2 static void ebm_sgemm_avx2(int transA, int transB, long m, long n, long k,
                                    const float *a, long lda, const float *b, long ldb, float *c,
                                    long ldc, int accumulate) {
  // k is cut into equal slices of at most EBM_KC; this depends on k alone (determinism).
  const long kslices = (k + EBM_KC - 1) / EBM_KC;
  const long kcMax = (k + kslices - 1) / kslices;
  if (n <= EBM_RV_MAXN) {
    ebm_sgemm_rowvec(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, kcMax);
    return;
  }
  const long ncMax = ebm_min(EBM_NC, (n + EBM_NR - 1) / EBM_NR * EBM_NR);
  const int direct = n <= EBM_DIRECT_N;

  // Packed B, then packed A (when A is packed), in one workspace; small direct products use
  // the stack.
  const size_t bFloats = (size_t)kcMax * (size_t)ncMax;
  const long mcMax = direct ? 0 : ebm_min(EBM_MC, (m + EBM_MR - 1) / EBM_MR * EBM_MR);
  const size_t aFloats = (size_t)mcMax * (size_t)kcMax;
  float stackB[4096] __attribute__((aligned(64)));
  float *bp = bFloats + aFloats <= 4096 ? stackB : ebm_thread_workspace(EBM_WORKSPACE_GEMM, bFloats + aFloats);
  float *ap = bp + bFloats;  // bFloats is a multiple of 16: 64-byte aligned

  for (long jc = 0; jc < n; jc += EBM_NC) {
    const long nc = ebm_min(EBM_NC, n - jc);
    for (long pc = 0; pc < k; pc += kcMax) {
      const long kc = ebm_min(kcMax, k - pc);
      const int beta = accumulate || pc > 0;
      ebm_pack_b(transB, kc, nc, b, ldb, pc, jc, bp);
      if (direct) {
        const long a_rs = transA ? 1 : lda;
        const long a_cs = transA ? lda : 1;
        for (long ir = 0; ir < m; ir += EBM_MR) {
          const long mr = ebm_min(EBM_MR, m - ir);
          const float *ablk = transA ? a + pc * lda + ir : a + ir * lda + pc;
          for (long jr = 0; jr < nc; jr += EBM_NR) {
            const long nr = ebm_min(EBM_NR, nc - jr);
            float *cblk = c + ir * ldc + jc + jr;
            if (ebm_panel_width(nc, jr) == 16) {
              ebm_kernel16_direct(kc, ablk, a_rs, a_cs, bp + jr * kc, cblk, ldc, beta, mr, nr);
            } else {
              ebm_kernel8(kc, ablk, a_rs, a_cs, bp + jr * kc, cblk, ldc, beta, mr, nr);
            }
          }
        }
      } else {
        for (long ic = 0; ic < m; ic += EBM_MC) {
          const long mc = ebm_min(EBM_MC, m - ic);
          ebm_pack_a(transA, mc, kc, a, lda, ic, pc, ap);
          for (long jr = 0; jr < nc; jr += EBM_NR) {
            const long nr = ebm_min(EBM_NR, nc - jr);
            const float *bpanel = bp + jr * kc;
            const int wide = ebm_panel_width(nc, jr) == 16;
            for (long ir = 0; ir < mc; ir += EBM_MR) {
              const long mr = ebm_min(EBM_MR, mc - ir);
              float *cblk = c + (ic + ir) * ldc + jc + jr;
              if (wide) {
                ebm_kernel16_packed(kc, ap + ir * kc, bpanel, cblk, ldc, beta, mr, nr);
              } else {
                ebm_kernel8(kc, ap + ir * kc, 1, EBM_MR, bpanel, cblk, ldc, beta, mr, nr);
              }
            }
          }
        }
      }
    }
  }
}

#endif  // __x86_64__

// MARK: - Entry point

void ebm_sgemm(int transA, int transB, long m, long n, long k,
               const float *a, long lda, const float *b, long ldb,
               float *c, long ldc, int accumulate) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) {
      for (long i = 0; i < m; ++i) memset(c + i * ldc, 0, (size_t)n * sizeof(float));
    }
    return;
  }
#if defined(__x86_64__)
  if (ebm_has_avx2_fma()) {
    ebm_sgemm_avx2(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    return;
  }
#endif
  ebm_sgemm_portable(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}
