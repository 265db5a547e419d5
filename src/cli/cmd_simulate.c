/* cmd_simulate.c - `soso simulate FILE`: follow the optimal switching policy along
 * real-world price paths and report what happens to the mine and its workers.
 *
 * The policy is solved under the risk-neutral measure Q (the grid solver for one
 * price factor, least-squares Monte Carlo for several), then followed month by
 * month on paths of the mine's real-world model P (ops.h). The seed is
 * printed with every output; the same seed gives the same output whatever the
 * thread count.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"
#include "soso/error.h"
#include "soso/mine.h"
#include "soso/ops.h"
#include "soso/value.h"

#include <getopt.h>
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

static void row(const char *what, const soso_summary *s) {
  printf("%-28s %8.4g %8.4g %8.4g %8.4g %8.4g %8.4g %8.4g\n", what, s->mean, s->sd, s->q[0],
         s->q[1], s->q[2], s->q[3], s->q[4]);
}

static void print_table(const soso_ops_result *r, const soso_value_result *v) {
  const soso_mine *m = v->mine;
  printf("%s: %zu real-world paths, %zu months, seed %llu, policy %s (under Q)\n", m->name,
         r->n_paths, r->n_months, (unsigned long long)r->seed, soso_value_method_name(v->method));
  if (v->method == SOSO_VALUE_LSM)
    printf("lsm policy: %zu paths, %zu basis functions, value open %.4f (se %.4f)\n",
           v->lsm.n_paths, v->lsm.n_basis, v->lsm.value_open, v->lsm.se_open);
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
  const char *path = argv[optind];
  soso_mine *m = NULL;
  soso_valuation *v = NULL;
  soso_ops_result *res = NULL;
  soso_store *store = NULL; /* for factors that say from_store */
  if (cli_open_store_for_files(ctx, &store) != CLI_OK) return CLI_ERR;
  int lrc = soso_mine_load_ex(&m, path, store);
  soso_store_free(store);
  if (lrc < 0) return cli_fail();
  soso_value_opts vo = SOSO_VALUE_OPTS_INIT;
  vo.method = !method ? SOSO_VALUE_AUTO
              : strcmp(method, "grid") == 0 ? SOSO_VALUE_GRID : SOSO_VALUE_LSM;
  vo.lsm_paths = (size_t)lsm_paths;
  vo.n_threads = (int)threads;
  soso_ops_opts oo = SOSO_OPS_OPTS_INIT;
  oo.n_paths = (size_t)paths;
  oo.years = years > 0.0 ? years : m->horizon_years;
  oo.seed = (uint64_t)seed;
  oo.n_threads = (int)threads;
  if (soso_value_solve(&v, m, &vo) < 0 ||
      soso_ops_simulate(&res, soso_value_policy(v), m, &oo) < 0 ||
      (fan && soso_ops_fan_chart(res, m, fan) < 0))
    goto fail;
  if (strcmp(format, "json") == 0) {
    if (soso_ops_json(res, v, soso_sink_stdio, stdout) < 0) goto fail;
  } else {
    print_table(res, soso_value_result_of(v));
  }
  soso_ops_result_free(res);
  soso_value_free(v);
  soso_mine_free(m);
  return CLI_OK;
fail:
  soso_ops_result_free(res);
  soso_value_free(v);
  soso_mine_free(m);
  return cli_fail();
}
