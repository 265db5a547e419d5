/* cmd_prices_sim.c - `soso prices simulate`: correlated real-world (P) price paths
 * from models calibrated on the store, as CSV and as a fan chart.
 *
 * The model is soso_market_pmodel_ex (fits over the common window, innovation
 * correlation, s0 = last price in the window); paths are soso_market_pmodel_paths_mt
 * with the SOSO_STREAM_PRICES stream of --seed, so path k (column "path", from 0)
 * is the same whatever --threads or --paths is. Forecasts use P by design: this
 * command answers "what may happen", not "what is it worth".
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cmd_prices.h"
#include "soso/chart.h"
#include "soso/csv.h"
#include "soso/error.h"
#include "soso/factor.h"
#include "soso/afile.h"

#include <getopt.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char k_help[] =
    "usage: soso prices simulate --commodity A[,B...] --model gbm|ou --out FILE.csv\n"
    "                            [--paths N] [--months M] [--seed S] [--fan FILE]\n"
    "                            [--from YYYY-MM] [--to YYYY-MM] [--deflator FILE|NAME]\n"
    "                            [--threads T] [--history YEARS]\n\n"
    "Calibrates the model to each commodity over the common window, correlates the\n"
    "innovations, and simulates monthly real-world (P) paths from the last price.\n"
    "  --paths N      paths (default 1000)       --months M  months ahead (default 60)\n"
    "  --seed S       Philox seed (default 1)    --threads T OpenMP threads (default all)\n"
    "  --out FILE     CSV: path,month,A,B,... (months after the last observation)\n"
    "  --fan FILE     fan chart .png/.svg/.pdf: 5/25/50/75/95 % bands after\n"
    "                 --history YEARS of observed prices (default 10)\n"
    "Output does not depend on --threads; the same seed gives the same paths.\n";

typedef struct sim_opts {
  const char *names[SOSO_MAX_FACTORS]; /* commodities */
  int n;                               /* how many */
  soso_price_kind kind;                /* model */
  long paths, months, threads;         /* sizes */
  double history;                      /* years of history on the fan chart */
  unsigned long long seed;             /* Philox seed */
  int from, to;                        /* window, -1 open */
  const char *out, *fan, *deflator;    /* files / deflator argument */
} sim_opts;

/* Writes the paths to a temporary file beside --out; *afp is committed by the
 * caller only once the fan chart is written too, so a bad --fan leaves no CSV. */
static int write_csv(soso_afile **afp, const sim_opts *o, const soso_pmodel *m, int last,
                     const double *paths) {
  soso_afile *af;
  FILE *fp;
  *afp = NULL;
  if (soso_afile_open(&af, &fp, o->out) < 0) return cli_fail();
  size_t n = (size_t)m->d.n, steps = (size_t)o->months, row = (steps + 1) * n;
  fputs("path,month", fp);
  for (size_t i = 0; i < n; i++) {
    fputc(',', fp);
    soso_csv_write_field(fp, m->d.f[i].name, ',');
  }
  fputc('\n', fp);
  char mon[8];
  for (size_t p = 0; p < (size_t)o->paths; p++)
    for (size_t t = 1; t <= steps; t++) {
      soso_market_month_format(mon, last + (int)t);
      fprintf(fp, "%zu,%s", p, mon);
      const double *v = paths + p * row + t * n;
      for (size_t i = 0; i < n; i++) fprintf(fp, ",%.8g", v[i]);
      fputc('\n', fp);
    }
  *afp = af;
  return CLI_OK;
}

/* Source note for the chart: the stored file of the first commodity. */
static void source_note(char *buf, size_t nb, soso_store *store, const char *commodity) {
  soso_price_info *v = NULL;
  size_t n = 0;
  const char *src = "the store";
  if (soso_market_prices_list(&v, &n, store) == 0)
    for (size_t i = 0; i < n; i++)
      if (strcasecmp(v[i].commodity, commodity) == 0) {
        const char *slash = strrchr(v[i].source, '/');
        src = slash ? slash + 1 : v[i].source;
        break;
      }
  int wb = strstr(src, "pinksheet") != NULL || strstr(src, "Pink") != NULL;
  snprintf(buf, nb, "Data: %s%s. Model and paths: soso prices simulate.", src,
           wb ? " (World Bank Commodity Price Data, 'Pink Sheet', CC BY 4.0)" : "");
  free(v);
}

static int fan_chart(const sim_opts *o, const soso_pmodel *m, const int win[2],
                     const double *paths, soso_store *store, const soso_price_series *defl) {
  static const double qs[5] = {0.05, 0.25, 0.50, 0.75, 0.95};
  size_t n = (size_t)m->d.n, steps = (size_t)o->months, row = (steps + 1) * n;
  size_t np = (size_t)o->paths;
  int status = CLI_OK;
  soso_chart *ch = NULL;
  double *tmp = malloc(np * sizeof *tmp), *x = malloc((steps + 1) * sizeof *x);
  double *q = malloc(5 * (steps + 1) * sizeof *q);
  soso_price_series h = {0};
  if (!tmp || !x || !q) {
    soso_error_set(SOSO_ENOMEM, "fan chart: out of memory");
    status = cli_fail();
    goto done;
  }
  int cols = n > 3 ? 2 : 1, rows = (int)((n + (size_t)cols - 1) / (size_t)cols);
  if (soso_chart_new(&ch, cols == 1 ? 640 : 900, 70 + 210 * rows, rows, cols) < 0) {
    status = cli_fail();
    goto done;
  }
  char a[8], b[8], sub[256], src[512];
  soso_market_month_format(a, win[0]);
  soso_market_month_format(b, win[1]);
  const char *model = o->kind == SOSO_PRICE_OU ? "log-OU (Schwartz 1997)" : "GBM";
  char title[160];
  snprintf(title, sizeof title, "Simulated %s prices, %s, real-world measure",
           o->deflator ? "real" : "monthly", model);
  snprintf(sub, sizeof sub,
           "Calibrated %s..%s; %ld paths, seed %llu; median with 25-75 %% and 5-95 %% bands",
           a, b, o->paths, o->seed);
  soso_chart_title(ch, title, sub);
  source_note(src, sizeof src, store, m->d.f[0].name);
  soso_chart_source(ch, src);
  for (size_t t = 0; t <= steps; t++) x[t] = (double)(win[1] + (int)t) / 12.0;
  int hfrom = win[1] - (int)(o->history * 12.0) + 1;
  if (hfrom < win[0]) hfrom = win[0];
  for (size_t i = 0; i < n; i++) {
    const soso_factor *f = &m->d.f[i];
    soso_chart_panel(ch, (int)i);
    soso_chart_panel_title(ch, f->name);
    char ylab[96];
    snprintf(ylab, sizeof ylab, "Price (%s)", f->unit);
    soso_chart_axes(ch, i + (size_t)cols >= n ? "Year" : NULL, ylab);
    soso_chart_xyears(ch, 1);
    for (size_t t = 0; t <= steps; t++) {
      for (size_t p = 0; p < np; p++) tmp[p] = paths[p * row + t * n + i];
      gsl_sort(tmp, 1, np);
      for (int k = 0; k < 5; k++)
        q[(size_t)k * (steps + 1) + t] = gsl_stats_quantile_from_sorted_data(tmp, 1, np, qs[k]);
    }
    soso_rgb c = soso_chart_palette(i);
    size_t s1 = steps + 1;
    /* The latest stored price, where every path starts, with its month. */
    soso_factor_origin fo;
    memset(&fo, 0, sizeof fo);
    fo.from_store = 1;
    fo.s0_month = win[1];
    char s0lab[160];
    soso_factor_s0_label(s0lab, sizeof s0lab, f, &fo);
    if (soso_chart_marker(ch, (double)win[1] / 12.0, f->s0, s0lab, (soso_rgb){0.10, 0.10, 0.10}) <
        0) {
      status = cli_fail();
      goto done;
    }
    int first = i == 0; /* one legend, on the first panel */
    if (soso_chart_band(ch, x, q, q + 4 * s1, s1, first ? "5-95 %" : NULL, c, 0.18) < 0 ||
        soso_chart_band(ch, x, q + s1, q + 3 * s1, s1, first ? "25-75 %" : NULL, c, 0.38) <
            0 ||
        soso_chart_line(ch, x, q + 2 * s1, s1, first ? "median" : NULL, c, 1.8, 0) < 0) {
      status = cli_fail();
      goto done;
    }
    if (win[1] - hfrom < 1) { /* --history shorter than two months: none drawn */
      if (soso_chart_vline(ch, (double)win[1] / 12.0, first ? b : NULL,
                           (soso_rgb){0.55, 0.55, 0.55}) < 0) {
        status = cli_fail();
        goto done;
      }
      continue;
    }
    if (soso_market_prices_load(&h, store, f->name, hfrom, win[1]) < 0 ||
        (defl && soso_market_prices_deflate(&h, defl) < 0)) {
      status = cli_fail();
      goto done;
    }
    double *hx = malloc(h.n * sizeof *hx);
    if (!hx) {
      soso_error_set(SOSO_ENOMEM, "fan chart: out of memory");
      status = cli_fail();
      goto done;
    }
    for (size_t t = 0; t < h.n; t++) hx[t] = (double)(h.first + (int)t) / 12.0;
    soso_rgb ink = {0.15, 0.15, 0.15};
    int rc = soso_chart_line(ch, hx, h.price, h.n, first ? "observed" : NULL, ink, 1.1, 0);
    free(hx);
    soso_market_price_series_clear(&h);
    if (rc < 0 ||
        soso_chart_vline(ch, (double)win[1] / 12.0, first ? b : NULL,
                         (soso_rgb){0.55, 0.55, 0.55}) < 0) {
      status = cli_fail();
      goto done;
    }
  }
  if (soso_chart_save(ch, o->fan) < 0) status = cli_fail();
done:
  soso_market_price_series_clear(&h);
  soso_chart_free(ch);
  free(tmp);
  free(x);
  free(q);
  return status;
}

static int parse(sim_opts *o, int argc, char **argv, int *done) {
  static const struct option opts[] = {
      {"commodity", required_argument, NULL, 'c'}, {"model", required_argument, NULL, 'm'},
      {"paths", required_argument, NULL, 'n'},     {"months", required_argument, NULL, 'M'},
      {"seed", required_argument, NULL, 's'},      {"out", required_argument, NULL, 'o'},
      {"fan", required_argument, NULL, 'g'},       {"from", required_argument, NULL, 'F'},
      {"to", required_argument, NULL, 'T'},        {"deflator", required_argument, NULL, 'd'},
      {"threads", required_argument, NULL, 't'},   {"history", required_argument, NULL, 'H'},
      {"help", no_argument, NULL, 'h'},            {NULL, 0, NULL, 0}};
  const char *cmd = "prices simulate";
  char *list = NULL;
  const char *model = NULL;
  long seed = 1;
  int c;
  *done = 0;
  optind = 1;
  opterr = 0; /* cli_bad_option prints the one-line message */
  while ((c = getopt_long(argc, argv, "c:m:n:M:s:o:g:F:T:d:t:H:h", opts, NULL)) != -1) {
    int bad = 0;
    switch (c) {
    case 'h': fputs(k_help, stdout); *done = 1; return CLI_OK;
    case 'c': list = optarg; break;
    case 'm': model = optarg; break;
    case 'n': bad = cli_parse_long(cmd, "--paths", optarg, &o->paths); break;
    case 'M': bad = cli_parse_long(cmd, "--months", optarg, &o->months); break;
    case 's': bad = cli_parse_long(cmd, "--seed", optarg, &seed); break;
    case 't': bad = cli_parse_long(cmd, "--threads", optarg, &o->threads); break;
    case 'H': bad = cli_parse_double(cmd, "--history", optarg, &o->history); break;
    case 'o': o->out = optarg; break;
    case 'g': o->fan = optarg; break;
    case 'd': o->deflator = optarg; break;
    case 'F': bad = prices_opt_month(cmd, "--from", optarg, &o->from); break;
    case 'T': bad = prices_opt_month(cmd, "--to", optarg, &o->to); break;
    default: return cli_bad_option_in(cmd, argc, argv, opts);
    }
    if (bad) return CLI_USAGE;
  }
  if (optind < argc) return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
  if (!list) return cli_usage(cmd, "--commodity is required");
  if (!model) return cli_usage(cmd, "--model is required (gbm or ou)");
  if (!(o->kind = prices_model_kind(model)))
    return cli_usage(cmd, "--model: \"%s\" is not gbm or ou", model);
  if (!o->out) return cli_usage(cmd, "--out FILE.csv is required");
  if (o->paths < 1 || o->paths > 10000000)
    return cli_usage(cmd, "--paths: %ld is not in 1..10000000", o->paths);
  if (o->months < 1 || o->months > 1200)
    return cli_usage(cmd, "--months: %ld is not in 1..1200", o->months);
  if (seed < 0) return cli_usage(cmd, "--seed: %ld is negative", seed);
  if (o->threads < 0 || o->threads > 1024)
    return cli_usage(cmd, "--threads: %ld is not in 0..1024", o->threads);
  if (!(o->history >= 0.0 && o->history <= 200.0))
    return cli_usage(cmd, "--history: %g is not in 0..200 years", o->history);
  if (o->from >= 0 && o->to >= 0 && o->to < o->from) return cli_usage(cmd, "--to is before --from");
  o->seed = (unsigned long long)seed;
  if (prices_split_list(cmd, list, o->names, SOSO_MAX_FACTORS, &o->n)) return CLI_USAGE;
  /* 250 million doubles (2 GB) is the most this command holds in memory. */
  if ((double)o->paths * (double)(o->months + 1) * o->n > 2.5e8)
    return cli_usage(cmd, "--paths x --months x commodities is above 2.5e8 values");
  return CLI_OK;
}

int cmd_prices_simulate(cli_ctx *ctx, int argc, char **argv) {
  sim_opts o = {.paths = 1000, .months = 60, .history = 10.0, .from = -1, .to = -1};
  int done, status = parse(&o, argc, argv, &done);
  if (status != CLI_OK || done) return status;
  soso_store *store;
  if (cli_open_store_read(ctx, &store) != CLI_OK) return CLI_ERR;
  soso_price_series defl = {0};
  double *paths = NULL;
  soso_afile *csv = NULL;
  soso_pmodel m;
  int win[2];
  if (o.deflator && (status = prices_deflator(&defl, store, o.deflator)) != CLI_OK) goto done;
  if (soso_market_pmodel_ex(&m, NULL, win, store, o.names, o.n, o.kind, o.from, o.to,
                            o.deflator ? &defl : NULL) < 0) {
    status = cli_fail();
    goto done;
  }
  size_t total = (size_t)o.paths * (size_t)(o.months + 1) * (size_t)o.n;
  paths = malloc(total * sizeof *paths);
  if (!paths) {
    soso_error_set(SOSO_ENOMEM, "prices simulate: out of memory for %zu values", total);
    status = cli_fail();
    goto done;
  }
  soso_rng rng = soso_rng_make((uint64_t)o.seed, SOSO_STREAM_PRICES);
  if (soso_market_pmodel_paths_mt(&m, &rng, 0, (size_t)o.paths, (size_t)o.months, 1.0 / 12.0, paths,
                           (int)o.threads) < 0) {
    status = cli_fail();
    goto done;
  }
  if ((status = write_csv(&csv, &o, &m, win[1], paths)) != CLI_OK) goto done;
  if (o.fan &&
      (status = fan_chart(&o, &m, win, paths, store, o.deflator ? &defl : NULL)) != CLI_OK)
    goto done;
  if (soso_afile_commit(csv) < 0) status = cli_fail();
  csv = NULL;
  if (status != CLI_OK) goto done;
  if (!ctx->quiet) {
    char a[8], b[8];
    soso_market_month_format(a, win[0]);
    soso_market_month_format(b, win[1]);
    printf("%ld paths x %ld months, %s, real-world measure, seed %llu, calibrated %s..%s -> %s%s%s\n",
           o.paths, o.months, o.kind == SOSO_PRICE_OU ? "ou" : "gbm", o.seed, a, b, o.out,
           o.fan ? ", " : "", o.fan ? o.fan : "");
  }
done:
  soso_afile_abort(csv);
  free(paths);
  soso_market_price_series_clear(&defl);
  soso_store_free(store);
  return status;
}
