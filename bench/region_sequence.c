/* region_sequence.c - benchmark of the one-plant sequencing (not a test): the exact
 * dynamic programme against the heuristic on random districts of 6 to 16 sites,
 * time and gap (exact - heuristic) / |exact|, and the heuristic alone on larger
 * districts. Instances: sites on a 60 km square, near when closer than 15 km,
 * values 1.7 million below to 6.6 million above zero, 30-110 operating months,
 * 12-48 months of remediation gap (made-up, seeded).
 *
 * usage: region_sequence [INSTANCES_PER_SIZE]
 */
#define _POSIX_C_SOURCE 200809L
#include "soso/region.h"
#include "soso/rng.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { NMAX = 40 };

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double value[NMAX], op[NMAX], gap[NMAX], rm[NMAX * NMAX], rc[NMAX * NMAX];
static unsigned char near[NMAX * NMAX];

static soso_seq_problem make(size_t n, uint64_t seed) {
  soso_rng rng = soso_rng_make(seed, 1002);
  double x[NMAX], y[NMAX], u[4];
  for (size_t i = 0; i < n; i++) {
    soso_rng_uniform4(&rng, i, 0, u);
    x[i] = 60 * u[0];
    y[i] = 60 * u[1];
    value[i] = 8.3e6 * u[2] - 1.7e6;
    op[i] = 30 + 80 * u[3];
    soso_rng_uniform4(&rng, i, 1, u);
    gap[i] = 12 + 36 * u[0];
  }
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < n; j++) {
      double d = hypot(x[i] - x[j], y[i] - y[j]);
      rm[i * n + j] = ceil(3 + d / 25);
      rc[i * n + j] = 2.2e5 + 3.1e3 * d;
      near[i * n + j] = i != j && d < 15;
    }
  soso_seq_problem pb = {n, value, op, gap, rm, rc, near, 4.1e5, 0.08, 600};
  return pb;
}

int main(int argc, char **argv) {
  int per = argc > 1 ? atoi(argv[1]) : 5;
  size_t o1[NMAX], o2[NMAX];
  double s1[NMAX], s2[NMAX];
  printf("%5s %9s %12s %12s %12s %12s\n", "sites", "instances", "exact s", "heuristic s",
         "mean gap %", "max gap %");
  for (size_t n = 6; n <= 16; n += 2) {
    double te = 0, th = 0, gsum = 0, gmax = 0;
    for (int k = 0; k < per; k++) {
      soso_seq_problem pb = make(n, 1000 * n + (uint64_t)k);
      soso_seq_plan ex = {0, o1, s1, 0}, he = {0, o2, s2, 0};
      double a = now();
      if (soso_region_seq_solve_exact(&ex, &pb)) return 1;
      double b = now();
      if (soso_region_seq_solve_heuristic(&he, &pb, NULL)) return 1;
      double c = now();
      te += b - a;
      th += c - b;
      double g = fabs(ex.value) > 0 ? 100 * (ex.value - he.value) / fabs(ex.value) : 0;
      gsum += g;
      gmax = g > gmax ? g : gmax;
    }
    printf("%5zu %9d %12.4f %12.4f %12.4f %12.4f\n", n, per, te / per, th / per, gsum / per, gmax);
    fflush(stdout);
  }
  for (size_t n = 20; n <= NMAX; n += 10) {
    soso_seq_problem pb = make(n, 77 + n);
    soso_seq_plan he = {0, o2, s2, 0};
    double a = now();
    if (soso_region_seq_solve_heuristic(&he, &pb, NULL)) return 1;
    printf("%5zu %9d %12s %12.4f %12s %12s  (heuristic only: %zu sites used)\n", n, 1, "-",
           now() - a, "-", "-", he.n_used);
  }
  return 0;
}
