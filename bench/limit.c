/* limit.c - what this CPU can do for the arithmetic of a price-path step, to put the
 * simulators' ns per path-step beside it (bench/RESULTS.md, "limit").
 *
 *   limit [MILLIONS]     (default 20: millions of numbers per measurement)
 *
 * Every figure is process CPU time per number (clock_gettime, CLOCK_PROCESS_CPUTIME_ID;
 * best of 3), on data that stays in L1, so memory is never the limit:
 *   cycle          one dependent integer add: the CPU time of one clock cycle
 *   philox block   Random123 philox4x64-10 in a straight loop (4 x 64 bits); its
 *                  floor is 20 64x64->128 multiplies at one per cycle
 *   philox floor   20 cycles
 *   bm transform   Box-Muller only (SLEEF log, sqrt, sincospi) per normal, vector
 *   normal (soso)  soso_rng_normal_blocks per normal: Philox + transform + shuffles
 *   normal floor   philox floor / 4 + bm transform: the best this design can do
 *   zig (GSL)      gsl_rng_mt19937 + gsl_ran_gaussian_ziggurat per normal (sequential,
 *                  not reproducible by path index: the peer)
 *   exp (SLEEF)    soso__vexp per element (the simulators' exp)
 *   exp (libm)     glibc exp per element, scalar
 */
#define _POSIX_C_SOURCE 200809L
#include "core/vmath_int.h"
#include "soso/rng.h"

#include <Random123/philox.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static volatile double g_sink; /* keeps results alive */
static volatile uint64_t g_isink;

enum { L = 512 }; /* numbers per inner batch (L1-resident) */

int main(int argc, char **argv) {
  size_t n = (argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 20) * 1000000u;
  size_t reps = n / L;
  double best[9];
  for (int k = 0; k < 9; k++) best[k] = 1e30;
  static double a[L], b[L], c[L], d[L];
  philox4x64_ctr_t x[L / 4];
  gsl_rng *mt = gsl_rng_alloc(gsl_rng_mt19937);
  soso_rng rng = soso_rng_make(42, SOSO_STREAM_PRICES);
  for (int round = 0; round < 3; round++) {
    double t;
    /* cycle: a dependent add chain the compiler cannot fold (asm barrier) */
    uint64_t v = 1;
    t = cpu_s();
    for (size_t i = 0; i < n; i++) {
      v += i;
      __asm__ volatile("" : "+r"(v));
    }
    t = (cpu_s() - t) / (double)n;
    g_isink = v;
    if (t < best[0]) best[0] = t;
    /* philox blocks */
    philox4x64_key_t key = {{42, 1}};
    t = cpu_s();
    for (size_t r = 0; r < reps; r++) {
      for (size_t k = 0; k < L / 4; k++) {
        philox4x64_ctr_t ck = {{r * L + k, 7, 0, 0}};
        x[k] = philox4x64(ck, key);
      }
      g_isink = x[3].v[1];
    }
    t = (cpu_s() - t) / (double)(reps * L / 4);
    if (t < best[1]) best[1] = t;
    /* Box-Muller transform alone */
    for (size_t k = 0; k < L; k++) {
      a[k] = ((double)k + 0.5) / L;
      b[k] = ((double)(L - k) - 0.25) / L;
    }
    t = cpu_s();
    for (size_t r = 0; r < reps; r++) {
      soso__box_muller(SOSO_ISA_AUTO, a, b, c, d, L / 2);
      g_sink = c[5];
    }
    t = (cpu_s() - t) / (double)(reps * L);
    if (t < best[2]) best[2] = t;
    /* soso normals */
    t = cpu_s();
    for (size_t r = 0; r < reps; r++) {
      soso_rng_normal_blocks(&rng, r, 0, L / 4, c);
      g_sink = c[5];
    }
    t = (cpu_s() - t) / (double)(reps * L);
    if (t < best[3]) best[3] = t;
    /* GSL ziggurat */
    t = cpu_s();
    for (size_t r = 0; r < reps; r++) {
      for (size_t k = 0; k < L; k++) c[k] = gsl_ran_gaussian_ziggurat(mt, 1.0);
      g_sink = c[5];
    }
    t = (cpu_s() - t) / (double)(reps * L);
    if (t < best[4]) best[4] = t;
    /* SLEEF exp */
    for (size_t k = 0; k < L; k++) a[k] = 8.0 * ((double)k / L - 0.5);
    t = cpu_s();
    for (size_t r = 0; r < reps; r++) {
      for (size_t k = 0; k < L; k++) c[k] = a[k];
      soso__vexp(SOSO_ISA_AUTO, c, L);
      g_sink = c[5];
    }
    t = (cpu_s() - t) / (double)(reps * L);
    if (t < best[5]) best[5] = t;
    /* libm exp */
    t = cpu_s();
    for (size_t r = 0; r < reps; r++) {
      for (size_t k = 0; k < L; k++) c[k] = exp(a[k] + g_sink * 0.0);
      g_sink = c[5];
    }
    t = (cpu_s() - t) / (double)(reps * L);
    if (t < best[6]) best[6] = t;
  }
  gsl_rng_free(mt);
  double ns = 1e9, cyc = best[0];
  printf("# limit: CPU ns per number, best of 3, L1-resident data, vector ISA %s\n",
         soso_rng_isa());
  printf("cycle            %7.3f ns  (%.2f GHz)\n", cyc * ns, 1.0 / cyc / 1e9);
  printf("philox block     %7.3f ns  (%.1f cycles)\n", best[1] * ns, best[1] / cyc);
  printf("philox floor     %7.3f ns  (20 cycles: 20 multiplies at 1 per cycle)\n", 20 * cyc * ns);
  printf("bm transform     %7.3f ns per normal\n", best[2] * ns);
  printf("normal (soso)    %7.3f ns per normal\n", best[3] * ns);
  printf("normal floor     %7.3f ns per normal (philox floor / 4 + bm transform)\n",
         (5 * cyc + best[2]) * ns);
  printf("zig (GSL)        %7.3f ns per normal (MT19937 + ziggurat)\n", best[4] * ns);
  printf("exp (SLEEF)      %7.3f ns per element\n", best[5] * ns);
  printf("exp (libm)       %7.3f ns per element\n", best[6] * ns);
  return 0;
}
