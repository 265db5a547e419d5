/* lsm_mine.c - the least-squares Monte Carlo switching mine and the operations
 * simulation: accuracy against the grid solver and OpenMP scaling, 1 -> 2 threads.
 *
 * Brennan & Schwartz (1985) mine (examples/brennan-schwartz-1985, reference section
 * 2). For each copper price: the grid values; LSM (two-pass) value, standard error
 * and time with 1 and 2 threads (bit-identical values, checked); the value of the
 * LSM policy and of the grid policy followed on the same 20,000 independent Q paths
 * (their difference is the LSM policy's sub-optimality, with a small standard
 * error); then `soso_ops_simulate` time with 1 and 2 threads.
 * usage: lsm_mine [MINE_FILE [LSM_PATHS]]
 */
#include "soso/error.h"
#include "soso/lsm.h"
#include "soso/market.h"
#include "soso/mine.h"
#include "soso/ops.h"
#include "soso/valuation.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double follow(const soso_policy *p, const soso_switching *sw, const double *path) {
  size_t k = sw->n_levels - 1;
  int mode = SOSO_MODE_OPEN;
  double total = 0.0;
  for (size_t n = 0; n < sw->n_dates; n++) {
    int next = mode;
    if (soso_valuation_policy_decide(p, (double)n * sw->dt, soso_valuation_switching_reserve(sw, k), path + n, mode,
                           &next) < 0)
      return NAN;
    total += soso_valuation_switching_reward(sw, n, k, path + n, mode, next);
    if (next == SOSO_MODE_ABANDONED) return total;
    k = soso_valuation_switching_next_level(sw, k, next);
    mode = next;
  }
  return total + soso_valuation_switching_terminal(sw, mode);
}

static int die(void) {
  fprintf(stderr, "lsm_mine: %s\n", soso_error_last());
  return 1;
}

int main(int argc, char **argv) {
  const char *file = argc > 1 ? argv[1] : "examples/brennan-schwartz-1985/mine.yaml";
  size_t n_lsm = argc > 2 ? (size_t)atol(argv[2]) : 20000;
  const double prices[] = {0.5, 0.85};
  printf("# %s, LSM %zu paths (two-pass), policies compared on 20000 common Q paths\n", file,
         n_lsm);
  printf("%5s %9s %9s %7s %8s %8s %7s %9s %9s %8s\n", "S", "grid", "lsm", "se", "t1_ms",
         "t2_ms", "speedup", "lsm_pol", "grid_pol", "gap(se)");
  for (size_t c = 0; c < sizeof prices / sizeof prices[0]; c++) {
    soso_mine *m = NULL;
    if (soso_mine_load(&m, file) < 0) return die();
    m->pmodel.d.f[0].s0 = prices[c];
    soso_qmodel q;
    soso_switching sw;
    if (soso_mine_qmodel(&q, m) < 0 || soso_valuation_switching_init(&sw, m, &q) < 0) return die();
    soso_grid_opts go = SOSO_GRID_OPTS_INIT;
    soso_grid *g = NULL;
    double vo = 0;
    if (soso_valuation_grid_solve(&g, &sw, &go) < 0 || soso_valuation_grid_value(g, prices[c], &vo, NULL, NULL) < 0)
      return die();
    soso_lsm_mine_opts o = SOSO_LSM_MINE_OPTS_INIT;
    o.n_paths = n_lsm;
    soso_lsm_mine *l1 = NULL, *l2 = NULL;
    o.n_threads = 1;
    double t0 = omp_get_wtime();
    if (soso_lsm_mine_solve(&l1, &sw, &o) < 0) return die();
    double t1 = omp_get_wtime();
    o.n_threads = 2;
    if (soso_lsm_mine_solve(&l2, &sw, &o) < 0) return die();
    double t2 = omp_get_wtime();
    soso_lsm_mine_value v1, v2;
    soso_lsm_mine_get_value(l1, &v1);
    soso_lsm_mine_get_value(l2, &v2);
    if (memcmp(&v1, &v2, sizeof v1) != 0) {
      fprintf(stderr, "lsm_mine: 1 and 2 threads differ\n");
      return 1;
    }
    soso_policy *pl = NULL, *pg = NULL;
    if (soso_lsm_mine_policy(&pl, l1) < 0 || soso_valuation_grid_policy(&pg, g) < 0) return die();
    size_t np = 20000, N = sw.n_dates;
    double *px = malloc(np * N * sizeof *px);
    soso_rng rng = soso_rng_make(777, SOSO_STREAM_PRICES);
    if (!px || soso_market_qmodel_paths(&q, &rng, 0, np, N - 1, sw.dt, px) < 0) return die();
    double sl = 0, sg = 0, sd = 0, sd2 = 0;
    for (size_t i = 0; i < np; i++) {
      double a = follow(pl, &sw, px + i * N), b = follow(pg, &sw, px + i * N);
      sl += a;
      sg += b;
      sd += b - a;
      sd2 += (b - a) * (b - a);
    }
    double dn = (double)np, gap = sd / dn, gse = sqrt((sd2 / dn - gap * gap) / dn);
    printf("%5.2f %9.4f %9.4f %7.4f %8.0f %8.0f %7.2f %9.4f %9.4f %.4f(%.4f)\n", prices[c], vo,
           v1.value_open, v1.se_open, 1e3 * (t1 - t0), 1e3 * (t2 - t1), (t1 - t0) / (t2 - t1),
           sl / dn, sg / dn, gap, gse);
    free(px);
    soso_valuation_policy_free(pl);
    soso_valuation_policy_free(pg);
    soso_lsm_mine_free(l1);
    soso_lsm_mine_free(l2);
    soso_valuation_grid_free(g);
    soso_mine_free(m);
  }
  /* Operations simulation scaling. */
  soso_mine *m = NULL;
  if (soso_mine_load(&m, file) < 0) return die();
  soso_qmodel q;
  soso_switching sw;
  soso_grid *g = NULL;
  soso_policy *p = NULL;
  soso_grid_opts go = SOSO_GRID_OPTS_INIT;
  if (soso_mine_qmodel(&q, m) < 0 || soso_valuation_switching_init(&sw, m, &q) < 0 ||
      soso_valuation_grid_solve(&g, &sw, &go) < 0 || soso_valuation_grid_policy(&p, g) < 0)
    return die();
  soso_ops_opts oo = SOSO_OPS_OPTS_INIT;
  oo.n_paths = 20000;
  double ms[2];
  for (int t = 1; t <= 2; t++) {
    oo.n_threads = t;
    soso_ops_result *r = NULL;
    double t0 = omp_get_wtime();
    if (soso_ops_simulate(&r, p, m, &oo) < 0) return die();
    ms[t - 1] = 1e3 * (omp_get_wtime() - t0);
    soso_ops_result_free(r);
  }
  printf("ops simulate, %zu paths x %.0f years: 1 thread %.0f ms, 2 threads %.0f ms, "
         "speedup %.2f\n", oo.n_paths, oo.years, ms[0], ms[1], ms[0] / ms[1]);
  soso_valuation_policy_free(p);
  soso_valuation_grid_free(g);
  soso_mine_free(m);
  return 0;
}
