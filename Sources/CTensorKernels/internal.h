// Private helpers shared by the kernel translation units (not part of the public header).
#ifndef EBM_KERNELS_INTERNAL_H
#define EBM_KERNELS_INTERNAL_H

/// Marks a function compiled for AVX2+FMA whatever the target the package is built for; such a
/// function may only run after `ebm_has_avx2_fma()` returned 1.
#define EBM_AVX2 __attribute__((target("avx2,fma")))

#endif
