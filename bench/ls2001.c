/* ls2001.c - the 20 American puts of Longstaff & Schwartz (2001) Table 1 priced by
 * soso's least-squares Monte Carlo engine (include/soso/lsm.h).
 *
 * Reference: ../shared/reference/README.md section 1 (K = 40, r = 0.06, no
 * dividends; 50 exercise dates a year, 100,000 paths = 50,000 + 50,000 antithetic,
 * constant + three weighted Laguerre polynomials, in-the-money paths only).
 * Accuracy rule of the reference notes: |LSM - paper LSM| <= 3 se + 0.005.
 * usage: ls2001 [--paths N] [--threads T] [--seed S] [--two-pass] [--steps-per-year M]
 * Prints S sigma T value se paper_FD paper_LSM ms cpu_ms ok per case (wall time and
 * process CPU time of all threads), then totals.
 */
#define _POSIX_C_SOURCE 200809L
#include "soso/error.h"
#include "soso/lsm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Table 1 of the paper: S, sigma, T, finite-difference American, LSM. */
static const double k_cases[20][5] = {
    {36, 0.2, 1, 4.478, 4.472}, {36, 0.2, 2, 4.840, 4.821}, {36, 0.4, 1, 7.101, 7.091},
    {36, 0.4, 2, 8.508, 8.488}, {38, 0.2, 1, 3.250, 3.244}, {38, 0.2, 2, 3.745, 3.735},
    {38, 0.4, 1, 6.148, 6.139}, {38, 0.4, 2, 7.670, 7.669}, {40, 0.2, 1, 2.314, 2.313},
    {40, 0.2, 2, 2.885, 2.879}, {40, 0.4, 1, 5.312, 5.308}, {40, 0.4, 2, 6.920, 6.921},
    {42, 0.2, 1, 1.617, 1.617}, {42, 0.2, 2, 2.212, 2.206}, {42, 0.4, 1, 4.582, 4.588},
    {42, 0.4, 2, 6.248, 6.243}, {44, 0.2, 1, 1.110, 1.118}, {44, 0.2, 2, 1.690, 1.675},
    {44, 0.4, 1, 3.948, 3.957}, {44, 0.4, 2, 5.647, 5.622}};

static double clock_ms(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int usage(void) {
  fprintf(stderr, "usage: ls2001 [--paths N] [--threads T] [--seed S] [--two-pass] "
                  "[--steps-per-year M]\n");
  return 2;
}

int main(int argc, char **argv) {
  soso_lsm_opts o = SOSO_LSM_OPTS_INIT;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--two-pass") == 0) {
      o.two_pass = 1;
      continue;
    }
    if (i + 1 >= argc) return usage();
    long v = strtol(argv[++i], NULL, 10);
    if (v < 0) return usage();
    if (strcmp(a, "--paths") == 0) o.n_paths = (size_t)v;
    else if (strcmp(a, "--threads") == 0) o.n_threads = (int)v;
    else if (strcmp(a, "--seed") == 0) o.seed = (uint64_t)v;
    else if (strcmp(a, "--steps-per-year") == 0) o.steps_per_year = (size_t)v;
    else return usage();
  }
  soso_lsm *w = NULL;
  if (soso_lsm_new(&w, o.n_paths, 2 * o.steps_per_year) < 0) {
    fprintf(stderr, "ls2001: %s\n", soso_error_last());
    return 1;
  }
  printf("# soso LSM, %zu paths%s, %zu dates/year, seed %llu, threads %d, %s\n", o.n_paths,
         o.antithetic ? " (antithetic pairs)" : "", o.steps_per_year,
         (unsigned long long)o.seed, o.n_threads, o.two_pass ? "two-pass" : "one-pass");
  printf("%4s %5s %2s %8s %7s %8s %8s %9s %9s %3s\n", "S", "sigma", "T", "value", "se",
         "paper_FD", "paper_LS", "ms", "cpu_ms", "ok");
  double total = 0.0, total_cpu = 0.0, max_dev = 0.0;
  int n_ok = 0;
  for (int c = 0; c < 20; c++) {
    soso_lsm_option opt = {SOSO_LSM_PUT, k_cases[c][0], 40.0, 0.06, 0.0, k_cases[c][1],
                           k_cases[c][2]};
    soso_lsm_result res;
    double t0 = clock_ms(CLOCK_MONOTONIC), c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
    if (soso_lsm_price(w, &opt, &o, &res) < 0) {
      fprintf(stderr, "ls2001: %s\n", soso_error_last());
      soso_lsm_free(w);
      return 1;
    }
    double ms = clock_ms(CLOCK_MONOTONIC) - t0, cpu = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
    total += ms;
    total_cpu += cpu;
    double dev = fabs(res.value - k_cases[c][4]);
    int ok = dev <= 3.0 * res.se + 0.005;
    n_ok += ok;
    if (dev > max_dev) max_dev = dev;
    printf("%4.0f %5.2f %2.0f %8.4f %7.4f %8.3f %8.3f %9.1f %9.1f %3s\n", opt.s0, opt.sigma,
           opt.maturity, res.value, res.se, k_cases[c][3], k_cases[c][4], ms, cpu,
           ok ? "yes" : "NO");
  }
  printf("total_ms %.1f total_cpu_ms %.1f within_3se+0.005 %d/20 max_abs_dev_vs_paper_LSM "
         "%.4f\n", total, total_cpu, n_ok, max_dev);
  soso_lsm_free(w);
  return n_ok == 20 ? 0 : 1;
}
