/* cmd_simulate.c - `soso simulate FILE`: follow the optimal switching policy along
 * real-world price paths and report what happens to the mine and its workers.
 *
 * The policy is solved under the risk-neutral measure Q (the grid solver for one
 * price factor, least-squares Monte Carlo for several), then followed month by
 * month on paths of the mine's real-world model P (operations.h). The seed is
 * printed with every output; the same seed gives the same output whatever the
 * thread count.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"
#include "soso/error.h"
#include "soso/lsm.h"
#include "soso/mine.h"
#include "soso/operations.h"
#include "soso/valuation.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *f) {
  fprintf(f,
          "usage: soso simulate FILE [--paths N] [--years Y] [--seed S] [--format table|json]\n"
          "                     [--fan OUT.png|svg|pdf] [--method grid|lsm] [--lsm-paths N]\n"
          "                     [--threads T]\n\n"
          "Follows the optimal switch-on / switch-off policy of the mine file FILE (solved\n"
          "under the risk-neutral measure) along real-world price paths, month by month,\n"
          "and reports distributions (mean, sd, quantiles 5/25/50/75/95) of months open,\n"
          "switches, open and closed spell lengths, time to exhaustion or abandonment,\n"
          "employment, wages, royalties, taxes and cash flow, the probability that a\n"
          "worker hired at start is laid off within 12 months, and bands over time.\n\n"
          "Options:\n"
          "  --paths N       real-world price paths (default 1000)\n"
          "  --years Y       years simulated (default: the mine's horizon_years)\n"
          "  --seed S        random seed (default 42); printed in the output\n"
          "  --format FMT    table (default) or json\n"
          "  --fan OUT       fan charts of price, mode occupancy and employment\n"
          "  --method M      policy solver: grid (one factor; the default there) or lsm\n"
          "                  (least-squares Monte Carlo; the default for several factors)\n"
          "  --lsm-paths N   paths for fitting the lsm policy (default 20000)\n"
          "  --threads T     OpenMP threads (default: all; results do not depend on it)\n"
          "  --help          this help\n");
}

static json_t *stat_json(const soso_ops_stat *s) {
  return json_pack("{s:I,s:f,s:f,s:f,s:f,s:f,s:f,s:f}", "n", (json_int_t)s->n, "mean", s->mean,
                   "sd", s->sd, "q05", s->q[0], "q25", s->q[1], "q50", s->q[2], "q75", s->q[3],
                   "q95", s->q[4]);
}

static json_t *band_json(const double *b, size_t n, size_t stride, size_t off) {
  json_t *a = json_array();
  for (size_t j = 0; j < n; j++) {
    const double *q = b + j * stride + off;
    json_array_append_new(a, json_pack("[f,f,f,f,f]", q[0], q[1], q[2], q[3], q[4]));
  }
  return a;
}

static json_t *series_json(const double *x, size_t n) {
  json_t *a = json_array();
  for (size_t j = 0; j < n; j++) json_array_append_new(a, json_real(x[j]));
  return a;
}

typedef struct run_info {
  const char *path;            /* mine file */
  const char *method;          /* "grid" or "lsm" */
  double years;                /* simulated years */
  int have_lsm;                /* lsm values below are set */
  soso_lsm_mine_value lsm;     /* the lsm fit's values */
} run_info;

static int print_json(const soso_ops_result *r, const soso_mine *m, const run_info *ri) {
  json_t *o = json_object();
  json_object_set_new(o, "mine", json_string(m->name));
  json_object_set_new(o, "file", json_string(ri->path));
  json_object_set_new(o, "seed", json_integer((json_int_t)r->seed));
  json_object_set_new(o, "paths", json_integer((json_int_t)r->n_paths));
  json_object_set_new(o, "years", json_real(ri->years));
  json_object_set_new(o, "months", json_integer((json_int_t)r->n_months));
  json_object_set_new(o, "policy", json_string(ri->method));
  json_object_set_new(o, "measures", json_pack("{s:s,s:s}", "policy", "Q (risk-neutral)",
                                               "paths", "P (real-world)"));
  json_object_set_new(o, "money_unit", json_string(m->money_unit));
  if (ri->have_lsm)
    json_object_set_new(o, "lsm", json_pack("{s:I,s:I,s:f,s:f,s:f,s:f}", "paths",
                                            (json_int_t)ri->lsm.n_paths, "basis",
                                            (json_int_t)ri->lsm.n_basis, "value_open",
                                            ri->lsm.value_open, "se_open", ri->lsm.se_open,
                                            "value_closed", ri->lsm.value_closed, "se_closed",
                                            ri->lsm.se_closed));
  json_object_set_new(o, "months_open", stat_json(&r->months_open));
  json_object_set_new(o, "switches", stat_json(&r->switches));
  json_object_set_new(o, "open_spell_months", stat_json(&r->open_spell));
  json_object_set_new(o, "closed_spell_months", stat_json(&r->closed_spell));
  json_object_set_new(o, "years_to_end", stat_json(&r->years_to_end));
  json_object_set_new(o, "end", json_pack("{s:f,s:f,s:f}", "exhausted", r->share_exhausted,
                                          "abandoned", r->share_abandoned, "running",
                                          r->share_running));
  json_object_set_new(o, "employment",
                      json_pack("{s:o,s:o,s:o}", "mean_monthly", stat_json(&r->employment),
                                "operating_crew", stat_json(&r->operating_jobs), "care_crew",
                                stat_json(&r->care_jobs)));
  json_object_set_new(o, "wages", stat_json(&r->wages));
  json_object_set_new(o, "royalties", stat_json(&r->royalties));
  json_object_set_new(o, "taxes", stat_json(&r->taxes));
  json_object_set_new(o, "cash_flow", stat_json(&r->cash_flow));
  json_object_set_new(o, "npv", stat_json(&r->npv));
  json_object_set_new(o, "p_layoff_12_months", json_real(r->p_layoff_12));
  json_object_set_new(o, "p_hired_at_start", json_real(r->p_hired_at_start));
  json_t *bands = json_object();
  json_object_set_new(bands, "quantiles", json_pack("[f,f,f,f,f]", 0.05, 0.25, 0.5, 0.75, 0.95));
  json_t *prices = json_object();
  for (int f = 0; f < r->n_factors; f++)
    json_object_set_new(prices, m->pmodel.d.f[f].name,
                        band_json(r->price_band, r->n_months, (size_t)r->n_factors * 5,
                                  (size_t)f * 5));
  json_object_set_new(bands, "price", prices);
  json_object_set_new(bands, "employment", band_json(r->employment_band, r->n_months, 5, 0));
  json_object_set_new(bands, "employment_mean", series_json(r->employment_mean, r->n_months));
  json_object_set_new(bands, "share_open", series_json(r->share_open, r->n_months));
  json_object_set_new(bands, "share_closed", series_json(r->share_closed, r->n_months));
  json_object_set_new(bands, "share_abandoned", series_json(r->share_abandoned_t, r->n_months));
  json_object_set_new(o, "bands", bands);
  int rc = json_dumpf(o, stdout, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
  fputc('\n', stdout);
  json_decref(o);
  return rc == 0 ? CLI_OK : CLI_ERR;
}

static void row(const char *what, const soso_ops_stat *s) {
  printf("%-28s %8.4g %8.4g %8.4g %8.4g %8.4g %8.4g %8.4g\n", what, s->mean, s->sd, s->q[0],
         s->q[1], s->q[2], s->q[3], s->q[4]);
}

static void print_table(const soso_ops_result *r, const soso_mine *m, const run_info *ri) {
  printf("%s: %zu real-world paths, %zu months, seed %llu, policy %s (under Q)\n", m->name,
         r->n_paths, r->n_months, (unsigned long long)r->seed, ri->method);
  if (ri->have_lsm)
    printf("lsm policy: %zu paths, %zu basis functions, value open %.4f (se %.4f)\n",
           ri->lsm.n_paths, ri->lsm.n_basis, ri->lsm.value_open, ri->lsm.se_open);
  printf("%-28s %8s %8s %8s %8s %8s %8s %8s\n", "quantity", "mean", "sd", "q05", "q25", "q50",
         "q75", "q95");
  row("months open", &r->months_open);
  row("switches", &r->switches);
  row("open spell (months)", &r->open_spell);
  row("closed spell (months)", &r->closed_spell);
  row("years to end", &r->years_to_end);
  row("employment (mean/month)", &r->employment);
  row("  operating crew", &r->operating_jobs);
  row("  care crew", &r->care_jobs);
  row("wages", &r->wages);
  row("royalties", &r->royalties);
  row("income tax", &r->taxes);
  row("cash flow (undiscounted)", &r->cash_flow);
  row("NPV at discount rate", &r->npv);
  printf("ends: exhausted %.3f, abandoned %.3f, running %.3f\n", r->share_exhausted,
         r->share_abandoned, r->share_running);
  printf("P(worker hired at start laid off within 12 months) = %.4f (mine opened at once on "
         "%.3f of paths); money in %s\n", r->p_layoff_12, r->p_hired_at_start, m->money_unit);
}

int cmd_simulate(cli_ctx *ctx, int argc, char **argv) {
  (void)ctx;
  static const struct option opts[] = {{"paths", required_argument, NULL, 'n'},
                                       {"years", required_argument, NULL, 'y'},
                                       {"seed", required_argument, NULL, 's'},
                                       {"format", required_argument, NULL, 'f'},
                                       {"fan", required_argument, NULL, 'c'},
                                       {"method", required_argument, NULL, 'm'},
                                       {"lsm-paths", required_argument, NULL, 'l'},
                                       {"threads", required_argument, NULL, 't'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *format = "table", *fan = NULL, *method = NULL;
  long paths = 1000, seed = 42, lsm_paths = 20000, threads = 0;
  double years = 0.0;
  int c, rc;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
    switch (c) {
      case 'h': help(stdout); return CLI_OK;
      case 'n':
        if ((rc = cli_parse_long("simulate", "--paths", optarg, &paths)) != 0) return rc;
        if (paths < 2 || paths > 10000000)
          return cli_usage("simulate", "--paths: %ld is not between 2 and 10000000", paths);
        break;
      case 'y':
        if ((rc = cli_parse_double("simulate", "--years", optarg, &years)) != 0) return rc;
        if (!(years > 0.0) || years > 200.0)
          return cli_usage("simulate", "--years: %s is not more than 0 and at most 200", optarg);
        break;
      case 's':
        if ((rc = cli_parse_long("simulate", "--seed", optarg, &seed)) != 0) return rc;
        if (seed < 0) return cli_usage("simulate", "--seed: %ld is negative", seed);
        break;
      case 'f':
        if (!cli_is_choice(optarg, "table|json"))
          return cli_usage("simulate", "--format: \"%s\" is not table or json", optarg);
        format = optarg;
        break;
      case 'c': fan = optarg; break;
      case 'm':
        if (!cli_is_choice(optarg, "grid|lsm"))
          return cli_usage("simulate", "--method: \"%s\" is not grid or lsm", optarg);
        method = optarg;
        break;
      case 'l':
        if ((rc = cli_parse_long("simulate", "--lsm-paths", optarg, &lsm_paths)) != 0) return rc;
        if (lsm_paths < 64 || lsm_paths > 10000000)
          return cli_usage("simulate", "--lsm-paths: %ld is not between 64 and 10000000",
                           lsm_paths);
        break;
      case 't':
        if ((rc = cli_parse_long("simulate", "--threads", optarg, &threads)) != 0) return rc;
        if (threads < 0 || threads > 1024)
          return cli_usage("simulate", "--threads: %ld is not between 0 and 1024", threads);
        break;
      case ':': return cli_usage("simulate", "%s needs a value", argv[optind - 1]);
      default: return cli_bad_option_in("simulate", argc, argv, opts);
    }
  }
  if (optind != argc - 1) return cli_usage("simulate", "expected one mine FILE");
  run_info ri;
  memset(&ri, 0, sizeof ri);
  ri.path = argv[optind];
  ri.years = years;
  soso_mine *m = NULL;
  soso_grid *g = NULL;
  soso_lsm_mine *lm = NULL;
  soso_policy *p = NULL;
  soso_ops_result *res = NULL;
  if (soso_mine_load(&m, ri.path) < 0) return cli_fail();
  if (!method) method = m->pmodel.d.n == 1 ? "grid" : "lsm";
  ri.method = method;
  if (ri.years <= 0.0) ri.years = m->horizon_years;
  soso_qmodel q;
  soso_switching sw;
  if ((rc = soso_mine_qmodel(&q, m)) < 0 || (rc = soso_switching_init(&sw, m, &q)) < 0)
    goto fail;
  if (strcmp(method, "grid") == 0) {
    soso_grid_opts go = SOSO_GRID_OPTS_INIT;
    if ((rc = soso_grid_solve(&g, &sw, &go)) < 0 || (rc = soso_grid_policy(&p, g)) < 0)
      goto fail;
  } else {
    soso_lsm_mine_opts lo = SOSO_LSM_MINE_OPTS_INIT;
    lo.n_paths = (size_t)lsm_paths;
    lo.seed = (uint64_t)seed;
    lo.n_threads = (int)threads;
    if ((rc = soso_lsm_mine_solve(&lm, &sw, &lo)) < 0 || (rc = soso_lsm_mine_policy(&p, lm)) < 0)
      goto fail;
    soso_lsm_mine_get_value(lm, &ri.lsm);
    ri.have_lsm = 1;
  }
  soso_ops_opts oo = SOSO_OPS_OPTS_INIT;
  oo.n_paths = (size_t)paths;
  oo.years = ri.years;
  oo.seed = (uint64_t)seed;
  oo.n_threads = (int)threads;
  if ((rc = soso_ops_simulate(&res, p, m, &oo)) < 0) goto fail;
  if (fan && (rc = soso_ops_fan_chart(res, m, fan)) < 0) goto fail;
  if (strcmp(format, "json") == 0) {
    rc = print_json(res, m, &ri);
  } else {
    print_table(res, m, &ri);
    rc = CLI_OK;
  }
  soso_ops_result_free(res);
  soso_policy_free(p);
  soso_lsm_mine_free(lm);
  soso_grid_free(g);
  soso_mine_free(m);
  return rc;
fail:
  soso_ops_result_free(res);
  soso_policy_free(p);
  soso_lsm_mine_free(lm);
  soso_grid_free(g);
  soso_mine_free(m);
  return cli_fail();
}
