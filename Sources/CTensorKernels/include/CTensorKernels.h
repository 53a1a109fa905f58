#ifndef C_TENSOR_KERNELS_H
#define C_TENSOR_KERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Single-precision GEMM on row-major matrices, one thread:
///   C[m x n] = op(A)[m x k] * op(B)[k x n] + (accumulate ? C : 0)
/// op(A) = A (lda >= k) or, when transA != 0, A^T where A is stored [k x m] (lda >= m).
/// op(B) = B (ldb >= n) or, when transB != 0, B^T where B is stored [n x k] (ldb >= k).
/// Uses AVX2+FMA when the CPU has them (runtime dispatch), portable C otherwise.
void ebm_sgemm(int transA, int transB, long m, long n, long k,
               const float *a, long lda, const float *b, long ldb,
               float *c, long ldc, int accumulate);

/// Elementwise y[i] = f(x[i]) for i < n; x and y may be the same buffer.
void ebm_vexp(const float *x, float *y, long n);
void ebm_vlog(const float *x, float *y, long n);
void ebm_vlog1p(const float *x, float *y, long n);
void ebm_vtanh(const float *x, float *y, long n);
void ebm_vsigmoid(const float *x, float *y, long n);
void ebm_vsoftplus(const float *x, float *y, long n);

/// 1 when the AVX2+FMA paths are in use.
int ebm_has_avx2_fma(void);

/// Portable reference paths, used when the CPU lacks AVX2+FMA. Exposed so that tests can check
/// them on any machine; same contracts as the functions above (the elementwise ones call libm).
void ebm_sgemm_portable(int transA, int transB, long m, long n, long k,
                        const float *a, long lda, const float *b, long ldb,
                        float *c, long ldc, int accumulate);
void ebm_vexp_portable(const float *x, float *y, long n);
void ebm_vlog_portable(const float *x, float *y, long n);
void ebm_vlog1p_portable(const float *x, float *y, long n);
void ebm_vtanh_portable(const float *x, float *y, long n);
void ebm_vsigmoid_portable(const float *x, float *y, long n);
void ebm_vsoftplus_portable(const float *x, float *y, long n);

#ifdef __cplusplus
}
#endif

#endif
