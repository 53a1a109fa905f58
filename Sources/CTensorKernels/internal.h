// Private helpers shared by the kernel translation units (not part of the public header).
#ifndef EBM_KERNELS_INTERNAL_H
#define EBM_KERNELS_INTERNAL_H

/// Marks a function compiled for AVX2+FMA whatever the target the package is built for; such a
/// function may only run after `ebm_has_avx2_fma()` returned 1.
#define EBM_AVX2 __attribute__((target("avx2,fma")))

#include <stddef.h>

/// Workspace slots of ebm_thread_workspace: one per kernel family that may hold one while
/// calling another.
enum { EBM_WORKSPACE_GEMM = 0, EBM_WORKSPACE_MLP = 1, EBM_WORKSPACE_SLOTS = 2 };

/// This thread's workspace of the given slot with room for at least `floats` floats, 64-byte
/// aligned, kept across calls (defined in gemm.c).
float *ebm_thread_workspace(int slot, size_t floats);

#endif
