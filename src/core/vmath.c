/* vmath.c - dispatch of the SLEEF vector kernels (see vmath_int.h) and the baseline
 * SSE2 kernels, which every x86-64 CPU has.
 *
 * SLEEF (Shibata & Petrogalli 2020, "SLEEF: a portable vectorized library of C
 * standard mathematical functions", IEEE TPDS 31(6)) gives exp, log and sincospi
 * within 1 ulp at vector speed; glibc's scalar libm would need -ffast-math-class
 * flags to vectorise, which the build does not use.
 */
#include "core/vmath_int.h"

#include <sleef.h>

#if defined(__x86_64__)
#include <immintrin.h>

#define VT __m128d
#define VSC Sleef___m128d_2
#define VW 2
#define VLOAD _mm_loadu_pd
#define VSTORE _mm_storeu_pd
#define VSET1 _mm_set1_pd
#define VADD _mm_add_pd
#define VMUL _mm_mul_pd
#define VSQRT _mm_sqrt_pd
#define VLOG Sleef_logd2_u35sse2
#define VEXP Sleef_expd2_u10sse2
#define VSINCOSPI Sleef_sincospid2_u35sse2
#define VTF __m128
#define VWF 4
#define VLOADF _mm_loadu_ps
#define VSTOREF _mm_storeu_ps
#define VEXPF Sleef_expf4_u10sse2
#define VSUB _mm_sub_pd
#define VUNPLOD _mm_unpacklo_pd
#define VUNPHID _mm_unpackhi_pd
#define VI __m128i
#define VLOADI(p) _mm_loadu_si128((const __m128i *)(p))
#define VSET1I(c) _mm_set1_epi64x((long long)(c))
#define VSRLI _mm_srli_epi64
#define VANDI _mm_and_si128
#define VORI _mm_or_si128
#define VCASTD _mm_castsi128_pd
#define VUNPLOI _mm_unpacklo_epi64
#define VUNPHII _mm_unpackhi_epi64
#define KNAME(s) s##sse2
#include "core/vmath_kern.h"

int soso__vmath_has(soso__isa isa) {
  switch (isa) {
  case SOSO_ISA_SSE2:
  case SOSO_ISA_AUTO:
    return 1;
  case SOSO_ISA_AVX2:
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  case SOSO_ISA_AVX512:
    return __builtin_cpu_supports("avx512f");
  }
  return 0;
}

soso__isa soso__vmath_isa(void) {
  /* A pure function of the CPU: __builtin_cpu_supports reads the cpuid bits libgcc
   * stored at start-up, so there is no state of ours to race on. */
  if (soso__vmath_has(SOSO_ISA_AVX512)) return SOSO_ISA_AVX512;
  if (soso__vmath_has(SOSO_ISA_AVX2)) return SOSO_ISA_AVX2;
  return SOSO_ISA_SSE2;
}

void soso__vexp(soso__isa isa, double *x, size_t n) {
  if (isa == SOSO_ISA_AUTO) isa = soso__vmath_isa();
  if (isa == SOSO_ISA_AVX512)
    soso__vexp_avx512(x, n);
  else if (isa == SOSO_ISA_AVX2)
    soso__vexp_avx2(x, n);
  else
    soso__vexp_sse2(x, n);
}

void soso__vexpf(soso__isa isa, float *x, size_t n) {
  if (isa == SOSO_ISA_AUTO) isa = soso__vmath_isa();
  if (isa == SOSO_ISA_AVX512)
    soso__vexpf_avx512(x, n);
  else if (isa == SOSO_ISA_AVX2)
    soso__vexpf_avx2(x, n);
  else
    soso__vexpf_sse2(x, n);
}

void soso__box_muller(soso__isa isa, const double *u0, const double *u1, double *zc,
                      double *zs, size_t m) {
  if (isa == SOSO_ISA_AUTO) isa = soso__vmath_isa();
  if (isa == SOSO_ISA_AVX512)
    soso__box_muller_avx512(u0, u1, zc, zs, m);
  else if (isa == SOSO_ISA_AVX2)
    soso__box_muller_avx2(u0, u1, zc, zs, m);
  else
    soso__box_muller_sse2(u0, u1, zc, zs, m);
}

void soso__philox_normals(soso__isa isa, const uint64_t *w, size_t n_blocks, double *out) {
  if (isa == SOSO_ISA_AUTO) isa = soso__vmath_isa();
  if (isa == SOSO_ISA_AVX512)
    soso__philox_normals_avx512(w, n_blocks, out);
  else if (isa == SOSO_ISA_AVX2)
    soso__philox_normals_avx2(w, n_blocks, out);
  else
    soso__philox_normals_sse2(w, n_blocks, out);
}

#else /* not x86-64: SLEEF's portable scalar code under the baseline name */

#include <math.h>

void soso__vexp_sse2(double *x, size_t n) {
  for (size_t i = 0; i < n; i++) x[i] = Sleef_expd1_u10purec(x[i]);
}

void soso__box_muller_sse2(const double *u0, const double *u1, double *zc, double *zs,
                           size_t m) {
  for (size_t i = 0; i < m; i++) {
    double r = sqrt(-2.0 * Sleef_logd1_u35purec(u0[i]));
    Sleef_double_2 sc = Sleef_sincospid1_u35purec(u1[i] + u1[i]);
    zc[i] = r * sc.y;
    zs[i] = r * sc.x;
  }
}

void soso__vexpf_sse2(float *x, size_t n) {
  for (size_t i = 0; i < n; i++) x[i] = Sleef_expf1_u10purec(x[i]);
}

void soso__philox_normals_sse2(const uint64_t *w, size_t n_blocks, double *out) {
  for (size_t k = 0; k < 2 * n_blocks; k++) {
    double u0 = soso__unit53(w[2 * k]), u1 = soso__unit53(w[2 * k + 1]);
    soso__box_muller_sse2(&u0, &u1, out + 2 * k, out + 2 * k + 1, 1);
  }
}
void soso__philox_normals(soso__isa isa, const uint64_t *w, size_t n_blocks, double *out) {
  (void)isa;
  soso__philox_normals_sse2(w, n_blocks, out);
}
void soso__vexpf(soso__isa isa, float *x, size_t n) {
  (void)isa;
  soso__vexpf_sse2(x, n);
}

int soso__vmath_has(soso__isa isa) { return isa == SOSO_ISA_SSE2 || isa == SOSO_ISA_AUTO; }
soso__isa soso__vmath_isa(void) { return SOSO_ISA_SSE2; }
void soso__vexp(soso__isa isa, double *x, size_t n) {
  (void)isa;
  soso__vexp_sse2(x, n);
}
void soso__box_muller(soso__isa isa, const double *u0, const double *u1, double *zc,
                      double *zs, size_t m) {
  (void)isa;
  soso__box_muller_sse2(u0, u1, zc, zs, m);
}
#endif

const char *soso__vmath_name(soso__isa isa) {
  switch (isa) {
  case SOSO_ISA_SSE2:
    return "sse2";
  case SOSO_ISA_AVX2:
    return "avx2";
  case SOSO_ISA_AVX512:
    return "avx512";
  case SOSO_ISA_AUTO:
    return soso__vmath_name(soso__vmath_isa());
  }
  return "?";
}
