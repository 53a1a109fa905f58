#include "CTensorKernels.h"
int ebm_has_avx2_fma(void) { return 0; }
