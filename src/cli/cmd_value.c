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
#include "cli/value_lsm.h"
#include "soso/error.h"
#include "soso/text.h"
#include "soso/fileio.h"
#include "soso/mine.h"
#include "soso/valuation.h"

#include <getopt.h>
#include <jansson.h>
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
          "                       factors; values with standard errors at s0)\n"
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

/* A threshold as JSON: null when the switch never (or always) happens on the grid. */
static json_t *jthr(double v, const soso_grid_info *in) {
  return (isfinite(v) && v > in->s_min && v < in->s_max) ? json_real(v) : json_null();
}

typedef struct result {
  const soso_mine *m;
  soso_grid_info info;
  soso_thresholds th;
  soso_static st;
  const double *price;
  size_t n;
  double *v, *w, *sv; /* per price */
  double v0, w0, s0v; /* at s0 */
} result;

static int print_json(const result *r) {
  const soso_mine *m = r->m;
  const soso_factor *f = &m->pmodel.d.f[0];
  json_t *o = json_object(), *pts = json_array(), *th = json_object(), *grid = json_object();
  for (size_t i = 0; i < r->n; i++)
    json_array_append_new(pts, json_pack("{s:f,s:f,s:f,s:f}", "price", r->price[i],
                                         "value_open", r->v[i], "value_closed", r->w[i],
                                         "value_static", r->sv[i]));
  json_object_set_new(th, "close_below", jthr(r->th.close_below, &r->info));
  json_object_set_new(th, "reopen_above", jthr(r->th.reopen_above, &r->info));
  json_object_set_new(th, "abandon_open_below", jthr(r->th.abandon_open_below, &r->info));
  json_object_set_new(th, "abandon_closed_below", jthr(r->th.abandon_closed_below, &r->info));
  json_object_set_new(grid, "price_nodes", json_integer((json_int_t)r->info.n_nodes));
  json_object_set_new(grid, "dx", json_real(r->info.dx));
  json_object_set_new(grid, "price_min", json_real(r->info.s_min));
  json_object_set_new(grid, "price_max", json_real(r->info.s_max));
  json_object_set_new(grid, "decision_dates", json_integer((json_int_t)r->info.n_dates));
  json_object_set_new(grid, "reserve_levels", json_integer((json_int_t)r->info.n_levels));
  json_object_set_new(grid, "band", json_integer((json_int_t)r->info.band));
  json_object_set_new(grid, "irregular_points", json_integer((json_int_t)r->info.irregular));
  json_object_set_new(o, "mine", json_string(m->name));
  json_object_set_new(o, "file", json_string(m->path));
  json_object_set_new(o, "method", json_string("grid"));
  json_object_set_new(o, "money_unit", json_string(m->money_unit));
  json_object_set_new(o, "commodity", json_string(f->name));
  json_object_set_new(o, "price_unit", json_string(f->unit));
  json_object_set_new(o, "points", pts);
  json_object_set_new(o, "thresholds", th);
  json_object_set_new(o, "s0", json_real(f->s0));
  json_object_set_new(o, "value_open_s0", json_real(r->v0));
  json_object_set_new(o, "value_closed_s0", json_real(r->w0));
  json_object_set_new(o, "static_value", json_real(r->s0v));
  json_object_set_new(o, "value_of_flexibility", json_real(r->v0 - r->s0v));
  json_object_set_new(o, "capital_cost", json_real(m->capital_cost));
  json_object_set_new(o, "flexible_npv", json_real(r->v0 - m->capital_cost));
  json_object_set_new(o, "static_npv", json_real(r->st.npv));
  json_object_set_new(o, "irr", r->st.has_irr ? json_real(r->st.irr) : json_null());
  json_object_set_new(o, "life_years", json_real(r->st.life_years));
  json_object_set_new(o, "grid", grid);
  char *s = json_dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(10) | JSON_PRESERVE_ORDER);
  json_decref(o);
  if (!s) {
    fprintf(stderr, "soso value: out of memory\n");
    return CLI_ERR;
  }
  puts(s);
  free(s);
  return CLI_OK;
}

static void pthr(const char *name, double v, const soso_grid_info *in) {
  if (isfinite(v) && v > in->s_min && v < in->s_max)
    printf("  %-22s %12.6g\n", name, v);
  else
    printf("  %-22s %12s\n", name, "none on grid");
}

static void print_table(const result *r) {
  const soso_mine *m = r->m;
  const soso_factor *f = &m->pmodel.d.f[0];
  printf("%s (%s), grid method, money in %s\n", m->name, m->path, m->money_unit);
  printf("%12s %14s %14s %14s\n", "price", "open mine", "closed mine", "static plan");
  for (size_t i = 0; i < r->n; i++)
    printf("%12.6g %14.6f %14.6f %14.6f\n", r->price[i], r->v[i], r->w[i], r->sv[i]);
  printf("critical prices at t = 0, full reserve (%s):\n", f->unit);
  pthr("close below", r->th.close_below, &r->info);
  pthr("reopen above", r->th.reopen_above, &r->info);
  pthr("abandon open below", r->th.abandon_open_below, &r->info);
  pthr("abandon closed below", r->th.abandon_closed_below, &r->info);
  printf("at s0 = %g: open %.6f, static %.6f, value of flexibility %.6f\n", f->s0, r->v0,
         r->s0v, r->v0 - r->s0v);
  char cap[48]; /* money without scientific notation */
  printf("static plan: NPV %.6f (capital %s, life %.4g years), IRR %s", r->st.npv,
         soso_text_sig(cap, sizeof cap, m->capital_cost, 6, ","), r->st.life_years, r->st.has_irr ? "" : "none\n");
  if (r->st.has_irr) printf("%.4f%% per year (continuous)\n", 100.0 * r->st.irr);
  printf("grid: %zu price nodes (dx %.6g, %.6g..%.6g), %zu dates, %zu reserve levels\n",
         r->info.n_nodes, r->info.dx, r->info.s_min, r->info.s_max, r->info.n_dates,
         r->info.n_levels);
}

int cmd_value(cli_ctx *ctx, int argc, char **argv) {
  (void)ctx;
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
  int c, rc, lsm = 0;
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
  if (chart && !cli_is_choice(soso_path_ext(chart, ext, sizeof ext), "png|svg|pdf"))
    return cli_usage("value", "--policy-chart: \"%s\" is not a .png, .svg or .pdf file", chart);
  const char *path = argv[optind];

  soso_mine *m = NULL;
  soso_grid *g = NULL;
  double *buf = NULL;
  if (soso_mine_load(&m, path) < 0) return cli_fail();
  if (lsm) {
    if (chart) {
      soso_mine_free(m);
      return cli_usage("value", "--policy-chart needs --method grid");
    }
    rc = value_lsm(m, prices, n_prices, strcmp(format, "json") == 0, (size_t)paths,
                   (uint64_t)seed);
    soso_mine_free(m);
    return rc;
  }
  soso_qmodel q;
  soso_switching sw;
  result r;
  memset(&r, 0, sizeof r);
  r.m = m;
  if ((rc = soso_mine_qmodel(&q, m)) < 0 || (rc = soso_switching_init(&sw, m, &q)) < 0)
    goto fail;
  double s0 = m->pmodel.d.f[0].s0;
  if (n_prices == 0) prices[n_prices++] = s0;
  go.lo = go.hi = s0;
  for (size_t i = 0; i < n_prices; i++) {
    if (prices[i] < go.lo) go.lo = prices[i];
    if (prices[i] > go.hi) go.hi = prices[i];
  }
  if ((rc = soso_grid_solve(&g, &sw, &go)) < 0) goto fail;
  soso_grid_get_info(g, &r.info);
  buf = malloc(3 * n_prices * sizeof *buf);
  if (!buf) {
    rc = soso_error_set(SOSO_ENOMEM, "value: out of memory");
    goto fail;
  }
  r.price = prices;
  r.n = n_prices;
  r.v = buf;
  r.w = buf + n_prices;
  r.sv = buf + 2 * n_prices;
  for (size_t i = 0; i < n_prices; i++)
    if ((rc = soso_grid_value(g, prices[i], &r.v[i], &r.w[i], &r.sv[i])) < 0) goto fail;
  if ((rc = soso_grid_value(g, s0, &r.v0, &r.w0, &r.s0v)) < 0 ||
      (rc = soso_grid_thresholds(g, &r.th)) < 0 || (rc = soso_static_plan(&r.st, m)) < 0)
    goto fail;
  if (chart) { /* show the requested prices and every critical price found */
    double clo = go.lo, chi = go.hi, th[4] = {r.th.close_below, r.th.reopen_above,
                                              r.th.abandon_open_below, r.th.abandon_closed_below};
    for (int i = 0; i < 4; i++)
      if (isfinite(th[i]) && th[i] > r.info.s_min && th[i] < r.info.s_max) {
        if (th[i] < clo) clo = th[i];
        if (th[i] > chi) chi = th[i];
      }
    if ((rc = soso_grid_chart(g, chart, clo * 0.6, chi * 1.4)) < 0) goto fail;
  }
  if (strcmp(format, "json") == 0)
    rc = print_json(&r);
  else
    print_table(&r), rc = CLI_OK;
  free(buf);
  soso_grid_free(g);
  soso_mine_free(m);
  return rc;
fail:
  free(buf);
  soso_grid_free(g);
  soso_mine_free(m);
  return cli_fail();
}
