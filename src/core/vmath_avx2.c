/* vmath_avx2.c - the vmath kernels for AVX2 + FMA (compiled with -mavx2 -mfma; called
 * only after the dispatcher in vmath.c has seen both in cpuid). */
#include "core/vmath_int.h"

#include <immintrin.h>
#include <sleef.h>

#define VT __m256d
#define VSC Sleef___m256d_2
#define VW 4
#define VLOAD _mm256_loadu_pd
#define VSTORE _mm256_storeu_pd
#define VSET1 _mm256_set1_pd
#define VADD _mm256_add_pd
#define VMUL _mm256_mul_pd
#define VSQRT _mm256_sqrt_pd
#define VLOG Sleef_logd4_u35avx2
#define VEXP Sleef_expd4_u10avx2
#define VSINCOSPI Sleef_sincospid4_u35avx2
#define VTF __m256
#define VWF 8
#define VLOADF _mm256_loadu_ps
#define VSTOREF _mm256_storeu_ps
#define VEXPF Sleef_expf8_u10avx2
#define VSUB _mm256_sub_pd
#define VUNPLOD _mm256_unpacklo_pd
#define VUNPHID _mm256_unpackhi_pd
#define VI __m256i
#define VLOADI(p) _mm256_loadu_si256((const __m256i *)(p))
#define VSET1I(c) _mm256_set1_epi64x((long long)(c))
#define VSRLI _mm256_srli_epi64
#define VANDI _mm256_and_si256
#define VORI _mm256_or_si256
#define VCASTD _mm256_castsi256_pd
#define VUNPLOI _mm256_unpacklo_epi64
#define VUNPHII _mm256_unpackhi_epi64
#define KNAME(s) s##avx2
#include "core/vmath_kern.h"
