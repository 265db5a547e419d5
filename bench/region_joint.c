/* region_joint.c - benchmark of the joint Monte Carlo of a district (not a test).
 *
 * 10 sites x 10,000 paths x 30 years monthly (the region issue's speed target: a
 * few seconds on 2 cores). The sites are the five mine files of tests/data/region-district
 * used twice (ten sites at distinct positions), so each follows a real grid policy
 * on the shared price paths. Times soso_region_run for each strategy with 1 and 2
 * threads, separately from loading (which solves the ten grids), and checks the
 * 1- and 2-thread results are bit-identical.
 *
 * usage: region_joint [SOURCE_DIR] [PATHS]
 */
#define _POSIX_C_SOURCE 200809L
#include "soso/error.h"
#include "soso/region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* CPU seconds of the process (all threads): on a shared, loaded machine the wall
 * clock says little, CPU time says what the work costs. */
static double cpu(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv) {
  const char *src = argc > 1 ? argv[1] : ".";
  size_t paths = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 10000;
  static const char *const mines[5] = {"veliki-majdan", "sase", "srebrenica-south", "olovo",
                                       "gorazde"};
  char path[] = "/tmp/soso_region_bench_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return 1;
  FILE *f = fdopen(fd, "w");
  fprintf(f, "name: Bench district\ncurrency: EUR\nhorizon_years: 30\n"
             "market:\n  commodities:\n"
             "    - {name: ZINC, model: gbm, s0: 2650, sigma: 0.26}\n"
             "    - {name: LEAD, model: gbm, s0: 2000, sigma: 0.24}\n"
             "    - {name: ANTIMONY, model: gbm, s0: 11000, sigma: 0.35}\n"
             "  correlation: [[1, 0.7, 0.2], [0.7, 1, 0.2], [0.2, 0.2, 1]]\n"
             "communities:\n");
  for (int c = 0; c < 6; c++)
    fprintf(f, "  - {name: C%d, lat: %.3f, lon: %.3f, population: %d, sensitivity: {employment: "
               "high, noise: medium, dust: medium, traffic: low, water: high, land: medium}}\n",
            c, 44.0 + 0.07 * c, 19.0 + 0.09 * (c % 3), 8000 + 1500 * c);
  fprintf(f, "sites:\n");
  for (int i = 0; i < 10; i++)
    fprintf(f, "  - {name: S%d, lat: %.3f, lon: %.3f, start_month: %d, footprint_ha: %d, "
               "remediation_months: %d, remediation_jobs: 9, pressures: {noise: 0.9, dust: 1, "
               "traffic: 0.8, water: 1.1}, mine: %s/tests/data/region-district/%s.mine.yaml}\n",
            i, 44.02 + 0.037 * i, 19.03 + 0.021 * (i % 4), 6 * i, 6 + i, 24 + 3 * (i % 4),
            src, mines[i % 5]);
  fprintf(f, "strategy: {kind: optimised, relocation_months: 4, relocation_cost: 600000, "
             "plant_cost: 4000000}\nconstraints: {radius_km: 12, max_concurrent: 1}\n");
  fclose(f);
  double t0 = now();
  soso_region *r = NULL;
  if (soso_region_load(&r, path)) {
    fprintf(stderr, "%s\n", soso_error_last());
    unlink(path);
    return 1;
  }
  unlink(path);
  printf("load (10 grid policies): %.2f s\n", now() - t0);
  printf("%-11s %7s %8s %9s %9s %9s %7s\n", "strategy", "paths", "threads", "wall s", "cpu s",
         "paths/s", "same");
  for (int s = SOSO_STRATEGY_CONCURRENT; s <= SOSO_STRATEGY_OPTIMISED; s++) {
    soso_region_result *res[2] = {NULL, NULL};
    for (int t = 1; t <= 2; t++) {
      soso_region_opts o = SOSO_REGION_OPTS_INIT;
      o.n_paths = paths;
      o.seed = 2026;
      o.n_threads = t;
      double a = now(), ca = cpu();
      if (soso_region_run(&res[t - 1], r, (soso_strategy)s, &o)) {
        fprintf(stderr, "%s\n", soso_error_last());
        return 1;
      }
      double dt = now() - a, dc = cpu() - ca;
      int same = t == 2 && memcmp(res[0]->cash_t, res[1]->cash_t,
                                  res[0]->n_months * sizeof(double)) == 0 &&
                 memcmp(&res[0]->npv, &res[1]->npv, sizeof res[0]->npv) == 0;
      printf("%-11s %7zu %8d %9.2f %9.2f %9.0f %7s\n", soso_region_strategy_name((soso_strategy)s), paths,
             t, dt, dc, (double)paths / dt, t == 2 ? (same ? "yes" : "NO") : "-");
    }
    printf("  NPV mean %.4g EUR, jobs peak %.1f, crowding %.2f\n", res[1]->npv.mean,
           res[1]->jobs_peak.mean, res[1]->crowding_events.mean);
    soso_region_result_free(res[0]);
    soso_region_result_free(res[1]);
  }
  soso_region_free(r);
  return 0;
}
