// Runtime CPU dispatch: whether the AVX2+FMA code paths may run.
#include "CTensorKernels.h"

#include <stdatomic.h>

// 0: not yet known, 1: no AVX2+FMA, 2: AVX2+FMA available. Racing first calls all store the
// same value, so relaxed ordering is enough.
static atomic_int ebm_cpu_state = 0;

int ebm_has_avx2_fma(void) {
  int state = atomic_load_explicit(&ebm_cpu_state, memory_order_relaxed);
  if (state == 0) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    state = (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) ? 2 : 1;
#else
    state = 1;
#endif
    atomic_store_explicit(&ebm_cpu_state, state, memory_order_relaxed);
  }
  return state == 2;
}
