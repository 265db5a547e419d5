/* test_rng.c - the vector normals and exp: same numbers however fetched, for any
 * thread count, equal to Random123's Philox bit for bit, and what holds across
 * instruction sets (core/vmath_int.h). */
#include <math.h>
#include <omp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <Random123/philox.h>

#include "core/vmath_int.h"
#include "soso/rng.h"

/* Distance in units in the last place between two finite doubles of one sign. */
static uint64_t ulps(double a, double b) {
  int64_t ia, ib;
  memcpy(&ia, &a, sizeof ia);
  memcpy(&ib, &b, sizeof ib);
  if ((ia < 0) != (ib < 0)) return a == b ? 0 : UINT64_MAX;
  return ia > ib ? (uint64_t)(ia - ib) : (uint64_t)(ib - ia);
}

/* The batched generator against a plain reference: Random123's philox4x64 one block
 * at a time and glibc's log, sqrt, cos and sin. The Philox words must match exactly
 * (the uniforms are compared bit for bit); the normals within 1e-14 relative plus
 * 1e-15 absolute (SLEEF's u35 log and sincospi are within 3.5 ulp, glibc's within
 * 1, and the product r * cos adds 1 ulp: ~10 ulp = 2e-15 relative; 1e-14 leaves
 * room for the absolute error of cos near its zeros). 300 blocks: several 64-block batches, 8-lane groups and a
 * tail. */
static void test_reference(void **state) {
  (void)state;
  soso_rng r = soso_rng_make(2385u, SOSO_STREAM_PRICES);
  enum { NB = 300 };
  double *z = malloc(4 * NB * sizeof *z);
  assert_non_null(z);
  soso_rng_normal_blocks(&r, 11, 5, NB, z);
  philox4x64_key_t key = {{2385u, SOSO_STREAM_PRICES}};
  for (size_t k = 0; k < NB; k++) {
    philox4x64_ctr_t c = {{5 + k, 11, 0, 0}};
    philox4x64_ctr_t x = philox4x64(c, key);
    double u[4], u4[4];
    for (int i = 0; i < 4; i++) u[i] = ((double)(x.v[i] >> 11) + 0.5) * 0x1.0p-53;
    soso_rng_uniform4(&r, 11, 5 + k, u4);
    for (int i = 0; i < 4; i++) assert_true(u[i] == u4[i]);
    const double two_pi = 6.283185307179586476925286766559;
    double r0 = sqrt(-2.0 * log(u[0])), r1 = sqrt(-2.0 * log(u[2]));
    double ref[4] = {r0 * cos(two_pi * u[1]), r0 * sin(two_pi * u[1]), r1 * cos(two_pi * u[3]),
                     r1 * sin(two_pi * u[3])};
    for (int i = 0; i < 4; i++)
      assert_true(fabs(z[4 * k + (size_t)i] - ref[i]) <= 1e-14 * fabs(ref[i]) + 1e-15);
    /* one block at a time (scalar Philox, a vector tail) gives the same bits as the
     * batch (interleaved Philox, full vectors) */
    double one[4];
    soso_rng_normal4(&r, 11, 5 + k, one);
    for (int i = 0; i < 4; i++) assert_true(one[i] == z[4 * k + (size_t)i]);
  }
  /* soso_rng_normals: any n, element k from block first + k/4, lane k%4 */
  double a[37];
  soso_rng_normals(&r, 11, 5, a, 37);
  for (size_t k = 0; k < 37; k++) assert_true(a[k] == z[k]);
  free(z);
}

/* Same seed, same numbers for 1 and 2 threads (each thread fetches different paths
 * in a different order). */
static void test_threads(void **state) {
  (void)state;
  soso_rng r = soso_rng_make(99u, SOSO_STREAM_SAMPLING);
  enum { NP = 64, NB = 90 };
  double *a = malloc(NP * NB * 4 * sizeof *a), *b = malloc(NP * NB * 4 * sizeof *b);
  assert_true(a && b);
  for (int pass = 0; pass < 2; pass++) {
    double *o = pass ? b : a;
#pragma omp parallel for schedule(dynamic, 3) num_threads(pass + 1)
    for (int p = NP - 1; p >= 0; p--)
      soso_rng_normal_blocks(&r, (uint64_t)p, 0, NB, o + (size_t)p * NB * 4);
  }
  assert_memory_equal(a, b, NP * NB * 4 * sizeof *a);
  free(a);
  free(b);
}

/* Every instruction set this CPU has against the one the library picks: Box-Muller
 * and exp on 2^16 arguments spanning their ranges. AVX2 and AVX-512 run SLEEF's FMA
 * kernels and must agree bit for bit; the SSE2 kernels (no FMA) may differ by at most
 * 4 ulp (each side within 1 ulp of the true value for log/exp and 0.5 for sincospi,
 * then one rounding of r * cos: 2 + 1 + 1). The counts are printed, not hidden. */
static void test_isa(void **state) {
  (void)state;
  enum { N = 1 << 16 };
  double *u0 = malloc(N * sizeof *u0), *u1 = malloc(N * sizeof *u1);
  double *c0 = malloc(N * sizeof *c0), *s0 = malloc(N * sizeof *s0);
  double *c1 = malloc(N * sizeof *c1), *s1 = malloc(N * sizeof *s1);
  double *e0 = malloc(N * sizeof *e0), *e1 = malloc(N * sizeof *e1);
  assert_true(u0 && u1 && c0 && s0 && c1 && s1 && e0 && e1);
  soso_rng r = soso_rng_make(7u, 1000u);
  for (size_t k = 0; k < N / 4; k++) {
    double u[4];
    soso_rng_uniform4(&r, 0, k, u);
    u0[4 * k] = u[0];
    u1[4 * k] = u[1];
    u0[4 * k + 1] = u[2] * 1e-12; /* the far tail, r up to 8.7 */
    u1[4 * k + 1] = u[3];
    u0[4 * k + 2] = 1.0 - u[0] * 1e-9; /* r near 0 */
    u1[4 * k + 2] = u[1] * 1e-6;       /* angle near 0 */
    u0[4 * k + 3] = u[2];
    u1[4 * k + 3] = 0.5 + (u[3] - 0.5) * 1e-6; /* sin near its zero at pi */
  }
  soso__isa best = soso__vmath_isa();
  soso__box_muller(best, u0, u1, c0, s0, N);
  for (size_t k = 0; k < N; k++) e0[k] = (u0[k] - 0.5) * 1400.0; /* exp over +-700 */
  memcpy(e1, e0, N * sizeof *e0);
  soso__vexp(best, e0, N);
  printf("# library picks %s (soso_rng_isa: %s)\n", soso__vmath_name(best), soso_rng_isa());
  for (int isa = SOSO_ISA_SSE2; isa <= SOSO_ISA_AVX512; isa++) {
    if (!soso__vmath_has((soso__isa)isa)) {
      printf("# %s: not on this CPU, not compared\n", soso__vmath_name((soso__isa)isa));
      continue;
    }
    double *ex = malloc(N * sizeof *ex);
    assert_non_null(ex);
    memcpy(ex, e1, N * sizeof *ex);
    soso__box_muller((soso__isa)isa, u0, u1, c1, s1, N);
    soso__vexp((soso__isa)isa, ex, N);
    size_t differ = 0;
    uint64_t worst = 0;
    for (size_t k = 0; k < N; k++) {
      uint64_t d = ulps(c0[k], c1[k]), e = ulps(s0[k], s1[k]), f = ulps(e0[k], ex[k]);
      uint64_t m = d > e ? d : e;
      m = m > f ? m : f;
      differ += m > 0;
      worst = m > worst ? m : worst;
    }
    printf("# %s vs %s: %zu of %d argument sets differ, worst %llu ulp\n",
           soso__vmath_name((soso__isa)isa), soso__vmath_name(best), differ, N,
           (unsigned long long)worst);
    int fma_pair = (isa == SOSO_ISA_AVX2 || isa == SOSO_ISA_AVX512) &&
                   (best == SOSO_ISA_AVX2 || best == SOSO_ISA_AVX512);
    if (fma_pair || isa == (int)best)
      assert_true(differ == 0);
    else
      assert_true(worst <= 10);
    free(ex);
  }
  /* the rounding is the kernel's, not its position: a tail equals a full vector */
  double t[3] = {u0[0], u0[1], u0[2]}, tc[3], ts[3], t1[3] = {u1[0], u1[1], u1[2]};
  soso__box_muller(best, t, t1, tc, ts, 3);
  for (int k = 0; k < 3; k++) assert_true(tc[k] == c0[k] && ts[k] == s0[k]);
  free(u0), free(u1), free(c0), free(s0), free(c1), free(s1), free(e0), free(e1);
}

/* The fused kernel (Philox words to normals in vector registers) on every
 * instruction set this CPU has, against the staged way it replaced: each word to a
 * uniform by the scalar formula, then that set's Box-Muller, then the lanes put back
 * in block order. Bit for bit: the same operations on the same values. Words from
 * Random123 plus the extremes (all zero bits, all one bits: u at 2^-54 and 1 - 2^-54),
 * and every block count from 1 to 9 (full vectors of 1, 2 and 4 blocks and the
 * padded tails). */
static void test_fused(void **state) {
  (void)state;
  enum { NB = 9 };
  uint64_t wd[4 * NB];
  philox4x64_key_t key = {{31u, SOSO_STREAM_PRICES}};
  for (size_t k = 0; k < NB; k++) {
    philox4x64_ctr_t c = {{k, 7, 0, 0}};
    philox4x64_ctr_t x = philox4x64(c, key);
    memcpy(wd + 4 * k, x.v, sizeof x.v);
  }
  wd[1] = 0;
  wd[2] = UINT64_MAX;
  wd[7] = (uint64_t)1 << 63;
  for (int isa = SOSO_ISA_SSE2; isa <= SOSO_ISA_AVX512; isa++) {
    if (!soso__vmath_has((soso__isa)isa)) continue;
    for (size_t nb = 1; nb <= NB; nb++) {
      double u0[2 * NB], u1[2 * NB], zc[2 * NB], zs[2 * NB], want[4 * NB], got[4 * NB];
      for (size_t k = 0; k < 2 * nb; k++) {
        u0[k] = ((double)(wd[2 * k] >> 11) + 0.5) * 0x1.0p-53;
        u1[k] = ((double)(wd[2 * k + 1] >> 11) + 0.5) * 0x1.0p-53;
      }
      soso__box_muller((soso__isa)isa, u0, u1, zc, zs, 2 * nb);
      for (size_t k = 0; k < 2 * nb; k++) {
        want[2 * k] = zc[k];
        want[2 * k + 1] = zs[k];
      }
      soso__philox_normals((soso__isa)isa, wd, nb, got);
      assert_memory_equal(want, got, 4 * nb * sizeof *got);
    }
  }
  /* and the extremes came out finite: u is never 0 */
  double z[4];
  soso__philox_normals(SOSO_ISA_AUTO, wd, 1, z);
  for (int i = 0; i < 4; i++) assert_true(isfinite(z[i]));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fused),
      cmocka_unit_test(test_reference),
      cmocka_unit_test(test_threads),
      cmocka_unit_test(test_isa),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
