/* vmath_avx512.c - the vmath kernels for AVX-512F (compiled with -mavx512f; called
 * only after the dispatcher in vmath.c has seen it in cpuid). */
#include "core/vmath_int.h"

#include <immintrin.h>
#include <sleef.h>

#define VT __m512d
#define VSC Sleef___m512d_2
#define VW 8
#define VLOAD _mm512_loadu_pd
#define VSTORE _mm512_storeu_pd
#define VSET1 _mm512_set1_pd
#define VADD _mm512_add_pd
#define VMUL _mm512_mul_pd
#define VSQRT _mm512_sqrt_pd
#define VLOG Sleef_logd8_u35avx512f
#define VEXP Sleef_expd8_u10avx512f
#define VSINCOSPI Sleef_sincospid8_u35avx512f
#define VTF __m512
#define VWF 16
#define VLOADF _mm512_loadu_ps
#define VSTOREF _mm512_storeu_ps
#define VEXPF Sleef_expf16_u10avx512f
#define KNAME(s) s##avx512
#include "core/vmath_kern.h"
