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
#define VSUB _mm512_sub_pd
#define VUNPLOD _mm512_unpacklo_pd
#define VUNPHID _mm512_unpackhi_pd
#define VI __m512i
#define VLOADI(p) _mm512_loadu_si512((const void *)(p))
#define VSET1I(c) _mm512_set1_epi64((long long)(c))
#define VSRLI _mm512_srli_epi64
#define VANDI _mm512_and_si512
#define VORI _mm512_or_si512
#define VCASTD _mm512_castsi512_pd
#define VUNPLOI _mm512_unpacklo_epi64
#define VUNPHII _mm512_unpackhi_epi64
#define KNAME(s) s##avx512
#include "core/vmath_kern.h"
