/* vmath_int.h - vector exp and Box-Muller through SLEEF, one binary for any x86-64.
 *
 * The library is compiled for baseline x86-64 (SSE2). The kernels below exist once
 * per instruction set, each in its own file compiled with that set's flags
 * (vmath_avx2.c: -mavx2 -mfma, vmath_avx512.c: -mavx512f), and soso__vmath_isa()
 * picks the widest the CPU reports (cpuid, via __builtin_cpu_supports) the first
 * time it is asked. The choice depends on the CPU only, never on the thread count,
 * so a result never depends on how many threads computed it.
 *
 * What holds across instruction sets (tests/core/test_vmath.c):
 * - AVX2 and AVX-512 use SLEEF's FMA kernels, which run the same operation sequence
 *   and give bit-identical results (checked where the CPU has both);
 * - the SSE2 fallback (CPUs without AVX2/FMA, before 2013) uses SLEEF's non-FMA
 *   kernels: results may differ in the last bits. exp is SLEEF's u10 kernel (within
 *   1.0 ulp of the true value), the normals' log and sincospi its u35 kernels
 *   (within 3.5 ulp; 1.5-2.2x faster than u10/u05 here, bench/limit.c, and a
 *   relative error of 8e-16 on a normal is far below anything a Monte Carlo
 *   estimate can see). Two kernels within 3.5 ulp of the truth differ by at most
 *   7 ulp, plus the rounding of r * cos: the test bounds the difference by 10 ulp
 *   and prints how many differ.
 * Our own arithmetic around the SLEEF calls is IEEE multiply, add and sqrt with no
 * multiply feeding an add (so nothing a compiler could contract into an FMA):
 * identical on every instruction set.
 */
#ifndef SOSO_VMATH_INT_H
#define SOSO_VMATH_INT_H

#include <stddef.h>
#include <stdint.h>

typedef enum soso__isa {
  SOSO_ISA_SSE2 = 0,   /* baseline x86-64 (or plain C off x86) */
  SOSO_ISA_AVX2 = 1,   /* AVX2 + FMA */
  SOSO_ISA_AVX512 = 2, /* AVX-512F */
  SOSO_ISA_AUTO = 3    /* the widest this CPU supports */
} soso__isa;

/* The instruction set the AUTO kernels use on this CPU. */
soso__isa soso__vmath_isa(void);
/* 1 if this CPU can run the kernels of isa. */
int soso__vmath_has(soso__isa isa);
/* Its name: "sse2", "avx2", "avx512". */
const char *soso__vmath_name(soso__isa isa);

/* x[i] = exp(x[i]) for i < n (SLEEF u10: within 1 ulp). */
void soso__vexp(soso__isa isa, double *x, size_t n);

/* x[i] = expf(x[i]) for i < n, in float (SLEEF u10: within 1 ulp of float). */
void soso__vexpf(soso__isa isa, float *x, size_t n);

/* Box-Muller on m pairs of uniforms in (0, 1):
 * r = sqrt(-2 log u0[i]), zc[i] = r cos(2 pi u1[i]), zs[i] = r sin(2 pi u1[i]).
 * The angle goes through sincospi(2 u1) (2 u1 is exact), so no rounding of 2 pi.
 * log and sincospi are SLEEF's u35 kernels (within 3.5 ulp).
 * u0/zc and u1/zs may alias. */
void soso__box_muller(soso__isa isa, const double *u0, const double *u1, double *zc,
                      double *zs, size_t m);

/* A 64-bit random word to a uniform strictly inside (0, 1): its top 53 bits, shifted
 * by half an ulp, so log(u) is always finite. The scalar form; the kernels' vector
 * form gives the same bits. */
static inline double soso__unit53(uint64_t x) { return ((double)(x >> 11) + 0.5) * 0x1.0p-53; }

/* Normals from n_blocks Philox4x64 blocks of 4 words (w[4k..4k+3] = block k):
 * u = soso__unit53(w) on each word, then Box-Muller as above on the pairs
 * (u[0], u[1]) and (u[2], u[3]): out[4k] = cos normal and out[4k + 1] = sine normal of
 * the first pair, out[4k + 2] and out[4k + 3] of the second. Bit-identical to the
 * uniforms of soso_rng_uniform4 passed through soso__box_muller (tested), but in
 * vector registers from word to normal: no scalar conversions, no staging arrays.
 * The word order: with x = words 0..VW-1 and y = VW..2VW-1 of a step, unpacking the
 * low and high 64-bit halves of each 128-bit lane gives u0 = (x0, y0, x2, y2, ...)
 * and u1 = (x1, y1, x3, y3, ...); 2 lanes: x, y are one block's (0,1) and (2,3);
 * 4 lanes: x, y are blocks a and b, u0 = (a0, b0, a2, b2), and unpacking
 * (zc, zs) gives (a's 4 normals) and (b's); 8 lanes: x = (a, b), y = (c, d), and the
 * unpacked normals are (a, b) and (c, d). */
void soso__philox_normals(soso__isa isa, const uint64_t *w, size_t n_blocks, double *out);

/* The per-ISA kernels (same contracts), for the dispatcher and the tests. */
void soso__vexp_sse2(double *x, size_t n);
void soso__vexpf_sse2(float *x, size_t n);
void soso__box_muller_sse2(const double *u0, const double *u1, double *zc, double *zs,
                           size_t m);
void soso__philox_normals_sse2(const uint64_t *w, size_t n_blocks, double *out);
#if defined(__x86_64__)
void soso__vexp_avx2(double *x, size_t n);
void soso__vexpf_avx2(float *x, size_t n);
void soso__box_muller_avx2(const double *u0, const double *u1, double *zc, double *zs,
                           size_t m);
void soso__philox_normals_avx2(const uint64_t *w, size_t n_blocks, double *out);
void soso__vexp_avx512(double *x, size_t n);
void soso__vexpf_avx512(float *x, size_t n);
void soso__box_muller_avx512(const double *u0, const double *u1, double *zc, double *zs,
                             size_t m);
void soso__philox_normals_avx512(const uint64_t *w, size_t n_blocks, double *out);
#endif

#endif
