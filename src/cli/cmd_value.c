/* cmd_value.c - `soso value FILE`: what a switch-on / switch-off mine is worth,
 * when to close, reopen and abandon it, and what the flexibility adds over the
 * static plan.
 *
 * The mine file is loaded and checked (FILE:LINE: key: reason on bad input), its
 * price model turned risk-neutral, and the switching problem solved by the grid
 * method. Values are in the file's money unit at t = 0, before capital cost. The
 * static NPV and IRR are the classical discounted-cash-flow figures (real-world
 * expected prices, discount rate); the value of flexibility compares the flexible
 * and the static plan under the same risk-neutral measure.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"
#include "soso/error.h"
#include "soso/text.h"
#include "soso/afile.h"
#include "soso/mine.h"
#include "soso/value.h"

#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_PRICES = 1000 };

static void help(FILE *f) {
  fprintf(f,
          "usage: soso value FILE [--method grid|lsm] [--price P1,P2,...] [--format table|json]\n"
          "                  [--dx X] [--half-width W] [--policy-chart OUT.png|svg|pdf]\n"
          "                  [--paths N] [--seed S]\n\n"
          "Values a switch-on / switch-off mine described by the mine file FILE (YAML):\n"
          "the open and closed mine at t = 0 with the full reserve for each price, the\n"
          "critical prices (close, reopen, abandon), the static plan's NPV and IRR, and\n"
          "the value of flexibility. Money is in the file's money_unit.\n\n"
          "Options:\n"
          "  --method M           grid: dynamic programming on a price grid (one price\n"
          "                       factor; values, critical prices, policy chart);\n"
          "                       lsm: least-squares Monte Carlo (any number of\n"
          "                       factors; values with standard errors at s0);\n"
          "                       default: grid for one price factor, lsm for several\n"
          "  --price LIST         comma-separated prices to report (default: s0)\n"
          "  --format FMT         table (default) or json\n"
          "  --dx X               log-price grid spacing (default: one-step sd / 4)\n"
          "  --half-width W       log-price margin around the prices (default: 5 sd of\n"
          "                       ln S over min(horizon, 10 y), at least 1.5)\n"
          "  --policy-chart OUT   draw the policy map and the value curves (grid)\n"
          "  --paths N            lsm: regression paths (default 20000)\n"
          "  --seed S             lsm: random seed (default 42)\n"
          "  --help               this help\n");
}

static int parse_prices(const char *s, double *p, size_t *n) {
  char *copy = strdup(s), *save = NULL;
  if (!copy) return cli_usage("value", "out of memory");
  *n = 0;
  int rc = 0;
  for (char *tok = strtok_r(copy, ",", &save); tok && rc == 0;
       tok = strtok_r(NULL, ",", &save)) {
    if (*n >= MAX_PRICES) {
      rc = cli_usage("value", "--price: more than %d prices", MAX_PRICES);
      break;
    }
    if ((rc = cli_parse_double("value", "--price", tok, &p[*n])) != 0) break;
    if (!(p[*n] > 0.0)) rc = cli_usage("value", "--price: %s is not a positive price", tok);
    (*n)++;
  }
  if (rc == 0 && *n == 0) rc = cli_usage("value", "--price: no prices given");
  free(copy);
  return rc;
}

static void pthr(const char *name, double v, const soso_grid_info *in) {
  if (isfinite(v) && v > in->s_min && v < in->s_max)
    printf("  %-22s %12.6g\n", name, v);
  else
    printf("  %-22s %12s\n", name, "none on grid");
}

static void print_static(const soso_mine *m, const soso_static *st) {
  char cap[48]; /* money without scientific notation */
  printf("static plan: NPV %.6f (capital %s, life %.4g years), IRR %s", st->npv,
         soso_text_sig(cap, sizeof cap, m->capital_cost, 6, ","), st->life_years,
         st->has_irr ? "" : "none\n");
  if (st->has_irr) printf("%.4f%% per year (continuous)\n", 100.0 * st->irr);
}

static void print_grid_table(const soso_value_result *r) {
  const soso_mine *m = r->mine;
  const soso_factor *f = &m->pmodel.d.f[0];
  printf("%s (%s), grid method, money in %s\n", m->name, m->path, m->money_unit);
  cli_print_origin(stdout, &m->origin, &m->pmodel.d);
  printf("%12s %14s %14s %14s\n", "price", "open mine", "closed mine", "static plan");
  for (size_t i = 0; i < r->n_points; i++)
    printf("%12.6g %14.6f %14.6f %14.6f\n", r->points[i].price, r->points[i].value_open,
           r->points[i].value_closed, r->points[i].value_static);
  printf("critical prices at t = 0, full reserve (%s):\n", f->unit);
  pthr("close below", r->thresholds.close_below, &r->grid);
  pthr("reopen above", r->thresholds.reopen_above, &r->grid);
  pthr("abandon open below", r->thresholds.abandon_open_below, &r->grid);
  pthr("abandon closed below", r->thresholds.abandon_closed_below, &r->grid);
  printf("at s0 = %g: open %.6f, static %.6f, value of flexibility %.6f\n", f->s0,
         r->s0.value_open, r->s0.value_static, r->s0.value_open - r->s0.value_static);
  print_static(m, &r->static_plan);
  printf("grid: %zu price nodes (dx %.6g, %.6g..%.6g), %zu dates, %zu reserve levels\n",
         r->grid.n_nodes, r->grid.dx, r->grid.s_min, r->grid.s_max, r->grid.n_dates,
         r->grid.n_levels);
}

static void print_lsm_table(const soso_value_result *r) {
  const soso_mine *m = r->mine;
  printf("%s (%s), least-squares Monte Carlo (%zu paths, seed %llu), money in %s\n", m->name,
         m->path, r->lsm_paths, (unsigned long long)r->lsm_seed, m->money_unit);
  cli_print_origin(stdout, &m->origin, &m->pmodel.d);
  printf("%12s %14s %10s %14s %10s %14s\n", "price", "open mine", "se", "closed mine", "se",
         "static plan");
  for (size_t i = 0; i < r->n_points; i++) {
    const soso_value_point *p = &r->points[i];
    printf("%12.6g %14.6f %10.6f %14.6f %10.6f %14.6f\n", p->price, p->value_open, p->se_open,
           p->value_closed, p->se_closed, p->value_static);
  }
  const soso_value_point *z = &r->s0;
  printf("at s0 = %g: open %.6f (se %.6f), static %.6f, value of flexibility %.6f\n", z->price,
         z->value_open, z->se_open, z->value_static, z->value_open - z->value_static);
  print_static(m, &r->static_plan);
  printf("critical prices: not reported by the LSM method (use --method grid for one factor)\n");
}

int cmd_value(cli_ctx *ctx, int argc, char **argv) {
  static const struct option opts[] = {{"method", required_argument, NULL, 'm'},
                                       {"price", required_argument, NULL, 'p'},
                                       {"format", required_argument, NULL, 'f'},
                                       {"dx", required_argument, NULL, 'x'},
                                       {"half-width", required_argument, NULL, 'w'},
                                       {"policy-chart", required_argument, NULL, 'c'},
                                       {"paths", required_argument, NULL, 'n'},
                                       {"seed", required_argument, NULL, 's'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *format = "table", *chart = NULL;
  double prices[MAX_PRICES];
  size_t n_prices = 0;
  soso_grid_opts go = SOSO_GRID_OPTS_INIT;
  int c, rc, lsm = 0, method_given = 0;
  long paths = 20000, seed = 42;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
    switch (c) {
      case 'h': help(stdout); return CLI_OK;
      case 'm':
        if (!cli_is_choice(optarg, "grid|lsm"))
          return cli_usage("value", "--method: \"%s\" is not grid or lsm", optarg);
        lsm = strcmp(optarg, "lsm") == 0;
        method_given = 1;
        break;
      case 'n':
        if ((rc = cli_parse_long("value", "--paths", optarg, &paths)) != 0) return rc;
        if (paths < 64 || paths > 10000000) return cli_usage("value", "--paths must be 64..1e7");
        break;
      case 's':
        if ((rc = cli_parse_long("value", "--seed", optarg, &seed)) != 0) return rc;
        if (seed < 0) return cli_usage("value", "--seed must be >= 0");
        break;
      case 'p':
        if ((rc = parse_prices(optarg, prices, &n_prices)) != 0) return rc;
        break;
      case 'f':
        if (!cli_is_choice(optarg, "table|json"))
          return cli_usage("value", "--format: \"%s\" is not table or json", optarg);
        format = optarg;
        break;
      case 'x':
        if ((rc = cli_parse_double("value", "--dx", optarg, &go.dx)) != 0) return rc;
        if (!(go.dx > 0.0)) return cli_usage("value", "--dx must be > 0");
        break;
      case 'w':
        if ((rc = cli_parse_double("value", "--half-width", optarg, &go.half_width)) != 0)
          return rc;
        if (!(go.half_width > 0.0)) return cli_usage("value", "--half-width must be > 0");
        break;
      case 'c': chart = optarg; break;
      case ':': return cli_usage("value", "%s needs a value", argv[optind - 1]);
      default: return cli_bad_option_in("value", argc, argv, opts);
    }
  }
  if (optind != argc - 1) return cli_usage("value", "expected one mine FILE");
  char ext[8];
  if (chart && !cli_is_choice(soso_afile_path_ext(chart, ext, sizeof ext), "png|svg|pdf"))
    return cli_usage("value", "--policy-chart: \"%s\" is not a .png, .svg or .pdf file", chart);
  const char *path = argv[optind];

  soso_value_opts vo = SOSO_VALUE_OPTS_INIT;
  vo.method = !method_given ? SOSO_VALUE_AUTO : lsm ? SOSO_VALUE_LSM : SOSO_VALUE_GRID;
  vo.grid = go;
  vo.lsm_paths = (size_t)paths;
  vo.lsm_seed = (uint64_t)seed;
  vo.prices = prices;
  vo.n_prices = n_prices;
  soso_mine *m = NULL;
  soso_valuation *v = NULL;
  soso_store *store = NULL; /* for factors that say from_store */
  if (cli_open_store_for_files(ctx, &store) != CLI_OK) return CLI_ERR;
  int lrc = soso_mine_load_ex(&m, path, store);
  soso_store_free(store);
  if (lrc < 0) return cli_fail();
  if (!method_given) lsm = m->pmodel.d.n > 1; /* the mine chooses: grid for one factor */
  if (lsm && chart) {
    soso_mine_free(m);
    return cli_usage("value", "--policy-chart needs --method grid");
  }
  if (lsm && n_prices > 0 && m->pmodel.d.n > 1) {
    int n_factors = m->pmodel.d.n;
    soso_mine_free(m);
    return cli_usage("value", "--price: the mine has %d price factors; the LSM method values "
                     "it at the file's s0", n_factors);
  }
  if (soso_value_solve(&v, m, &vo) < 0) goto fail;
  const soso_value_result *r = soso_value_result_of(v);
  if (chart) { /* show the requested prices and every critical price found */
    double clo = r->s0.price, chi = clo;
    for (size_t i = 0; i < r->n_points; i++) {
      if (r->points[i].price < clo) clo = r->points[i].price;
      if (r->points[i].price > chi) chi = r->points[i].price;
    }
    double th[4] = {r->thresholds.close_below, r->thresholds.reopen_above,
                    r->thresholds.abandon_open_below, r->thresholds.abandon_closed_below};
    for (int i = 0; i < 4; i++)
      if (isfinite(th[i]) && th[i] > r->grid.s_min && th[i] < r->grid.s_max) {
        if (th[i] < clo) clo = th[i];
        if (th[i] > chi) chi = th[i];
      }
    if (soso_value_chart(v, chart, clo * 0.6, chi * 1.4) < 0) goto fail;
  }
  if (strcmp(format, "json") == 0) {
    if (soso_value_json(v, soso_sink_stdio, stdout) < 0) goto fail;
  } else if (r->method == SOSO_VALUE_GRID) {
    print_grid_table(r);
  } else {
    print_lsm_table(r);
  }
  soso_value_free(v);
  soso_mine_free(m);
  return CLI_OK;
fail:
  soso_value_free(v);
  soso_mine_free(m);
  return cli_fail();
}
