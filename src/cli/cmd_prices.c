/* cmd_prices.c - `soso prices`: import, list and calibrate monthly metal prices
 * (simulate is in cmd_prices_sim.c).
 *
 * Output formats: list as table|csv|json, calibrate as table|json. JSON of
 * calibrate: {"commodity","unit","model","window":{"from","to"},"months","n","dt",
 * "real","deflator","params":{...},"stderr":{...},"stderr_method","loglik","aic"}; with
 * several commodities an array of such objects.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cmd_prices.h"
#include "soso/csv.h"
#include "soso/error.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int prices_opt_month(const char *cmd, const char *opt, const char *s, int *out) {
  if (soso_market_month_parse(out, s) < 0)
    return cli_usage(cmd, "%s: \"%s\" is not a month (YYYY-MM)", opt, s);
  return 0;
}

int prices_split_list(const char *cmd, char *s, const char **names, int max, int *n) {
  *n = 0;
  for (char *tok = s, *next; tok; tok = next) {
    next = strchr(tok, ',');
    if (next) *next++ = '\0';
    if (!*tok) return cli_usage(cmd, "--commodity: empty name in the list");
    if (*n == max) return cli_usage(cmd, "--commodity: more than %d commodities", max);
    for (int i = 0; i < *n; i++)
      if (strcmp(names[i], tok) == 0) return cli_usage(cmd, "--commodity: %s given twice", tok);
    names[(*n)++] = tok;
  }
  if (*n == 0) return cli_usage(cmd, "--commodity: no commodity");
  return 0;
}

int prices_deflator(soso_price_series *out, soso_store *store, const char *arg) {
  int rc = access(arg, R_OK) == 0 ? soso_market_prices_read_series(out, arg)
                                  : soso_market_prices_load_index(out, store, arg);
  return rc < 0 ? cli_fail() : CLI_OK;
}

soso_price_kind prices_model_kind(const char *s) {
  if (strcmp(s, "gbm") == 0) return SOSO_PRICE_GBM;
  if (strcmp(s, "ou") == 0) return SOSO_PRICE_OU;
  return (soso_price_kind)0;
}

/* import ----------------------------------------------------------------- */
static const char k_import_help[] =
    "usage: soso prices import FILE...\n\n"
    "Imports monthly prices into the store, each file whole or not at all.\n"
    "Layouts: World Bank Pink Sheet (month,COMMODITY,... with months 1960M01 or\n"
    "1960-01; units from the Pink Sheet: US$/t, GOLD/PLATINUM/SILVER US$/troy oz,\n"
    "IRON_ORE US$/dmt), long: date,commodity,price[,unit[,currency]], or an index:\n"
    "date,index[,inflation] (one series named after the file, e.g. the US CPI-U\n"
    "us_cpi_u_monthly.csv -> US_CPI_U_MONTHLY; the inflation column is not read).\n"
    "Missing values: empty, '..' or '...'. A commodity already stored is replaced.\n";

static int prices_import(cli_ctx *ctx, int argc, char **argv) {
  static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
  int c;
  optind = 1;
  opterr = 0; /* cli_bad_option prints the one-line message */
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    if (c == 'h') {
      fputs(k_import_help, stdout);
      return CLI_OK;
    }
    return cli_bad_option_in("prices import", argc, argv, opts);
  }
  if (optind >= argc) return cli_usage("prices import", "no FILE");
  soso_store *store;
  if (cli_open_store(ctx, &store) != CLI_OK) return CLI_ERR;
  int status = CLI_OK;
  for (int i = optind; i < argc && status == CLI_OK; i++) {
    soso_prices_import_info info;
    if (soso_market_prices_import(store, argv[i], &info) < 0) {
      status = cli_fail();
      break;
    }
    if (!ctx->quiet)
      printf("%s: %zu series, %zu monthly prices (%s layout), batch %lld\n", argv[i],
             info.n_series, info.n_obs,
             info.wide ? "Pink Sheet" : info.index ? "index" : "long", info.batch);
  }
  soso_store_free(store);
  return status;
}

/* list ------------------------------------------------------------------- */
static const char k_list_help[] =
    "usage: soso prices list [--format table|csv|json]\n\n"
    "Lists the stored price series: commodity, unit, currency, first and last\n"
    "month, number of prices, source file.\n";

static int prices_list(cli_ctx *ctx, int argc, char **argv) {
  static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *format = "table";
  int c;
  optind = 1;
  opterr = 0; /* cli_bad_option prints the one-line message */
  while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
    if (c == 'h') {
      fputs(k_list_help, stdout);
      return CLI_OK;
    }
    if (c == 'f') {
      format = optarg;
      continue;
    }
    return cli_bad_option_in("prices list", argc, argv, opts);
  }
  if (optind < argc) return cli_usage("prices list", "unexpected argument '%s'", argv[optind]);
  if (!cli_is_choice(format, "table|csv|json"))
    return cli_usage("prices list", "--format: \"%s\" is not table, csv or json", format);
  soso_store *store;
  if (cli_open_store_read(ctx, &store) != CLI_OK) return CLI_ERR;
  soso_price_info *v;
  size_t n;
  int rc = soso_market_prices_list(&v, &n, store);
  soso_store_free(store);
  if (rc < 0) return cli_fail();
  if (strcmp(format, "json") == 0) {
    if (soso_market_prices_list_json(v, n, soso_sink_stdio, stdout) < 0) {
      free(v);
      return cli_fail();
    }
  } else {
    int csv = strcmp(format, "csv") == 0;
    printf(csv ? "commodity,unit,currency,first,last,n,source\n"
               : "%-12s %-12s %-4s %-7s %-7s %6s  %s\n",
           "commodity", "unit", "cur", "first", "last", "n", "source");
    for (size_t i = 0; i < n; i++) {
      char f[8], l[8];
      soso_market_month_format(f, v[i].first);
      soso_market_month_format(l, v[i].last);
      if (csv) {
        soso_csv_write_field(stdout, v[i].commodity, ',');
        printf(",%s,%s,%s,%s,%zu,", v[i].unit, v[i].currency, f, l, v[i].n);
        soso_csv_write_quoted(stdout, v[i].source, ',');
        putchar('\n');
      } else {
        printf("%-12s %-12s %-4s %-7s %-7s %6zu  ", v[i].commodity, v[i].unit, v[i].currency,
               f, l, v[i].n);
        cli_put_clean(stdout, v[i].source);
        putchar('\n');
      }
    }
  }
  free(v);
  return CLI_OK;
}

/* calibrate -------------------------------------------------------------- */
static const char k_calibrate_help[] =
    "usage: soso prices calibrate --commodity NAME[,NAME...] --model gbm|ou\n"
    "                             [--from YYYY-MM] [--to YYYY-MM]\n"
    "                             [--deflator FILE|COMMODITY] [--format json|table]\n"
    "                             [--correlation]\n\n"
    "Fits a price model to monthly prices by exact-discretisation maximum likelihood\n"
    "(dt = 1/12 year; parameters annualised):\n"
    "  gbm  dS/S = mu dt + sigma dW                      params mu, sigma\n"
    "  ou   dX = kappa (alpha - X) dt + sigma dW, X=ln S  params kappa, alpha, sigma\n"
    "Standard errors from the analytic observed information (delta method).\n"
    "--deflator divides by a price index (a file with one series, or a stored\n"
    "commodity) to fit real prices in money of the window's last month.\n"
    "JSON: {model, commodity, unit, window, months, n, params, stderr, loglik, aic, ...};\n"
    "an array when several commodities are given (each over its own window).\n"
    "--correlation: fit all over their common window and print the correlation of\n"
    "the standardised innovations and its Cholesky factor (JSON: {window, fits,\n"
    "correlation, cholesky}).\n";

static void fit_table(const soso_fit *f, const soso_price_series *s) {
  char a[8], b[8];
  soso_market_month_format(a, s->first);
  soso_market_month_format(b, s->first + (int)s->n - 1);
  printf("%s (%s), %s, %s..%s, %zu months, n = %zu transitions\n", s->commodity, s->unit,
         f->kind == SOSO_PRICE_GBM ? "gbm" : "ou", a, b, s->n, f->n);
  if (f->kind == SOSO_PRICE_GBM) {
    printf("  mu     %12.6f  (se %.6f)  per year\n", f->mu, f->se_mu);
  } else {
    if (f->kappa > 0.0)
      printf("  kappa  %12.6f  (se %.6f)  per year (half-life %.2f years)\n", f->kappa,
             f->se_kappa, 0.69314718055994531 / f->kappa);
    else
      printf("  kappa  %12.6f  (se %.6f)  per year (<= 0: no mean reversion here)\n",
             f->kappa, f->se_kappa);
    printf("  alpha  %12.6f  (se %.6f)  ln(%s); exp(alpha) = %.6g\n", f->alpha, f->se_alpha,
           s->unit, exp(f->alpha));
  }
  printf("  sigma  %12.6f  (se %.6f)  per sqrt(year)\n", f->sigma, f->se_sigma);
  printf("  loglik %12.4f   aic %.4f\n", f->loglik, f->aic);
}

/* --correlation: every commodity fitted over the common window, the correlation
 * of the standardised innovations and its Cholesky factor. */
static int correlation(soso_store *store, const char *const *names, int n,
                       soso_price_kind kind, int from, int to, const soso_price_series *d,
                       const char *defl, int json) {
  soso_pmodel pm;
  soso_fit fits[SOSO_MAX_FACTORS];
  int win[2];
  double l[SOSO_MAX_FACTORS * SOSO_MAX_FACTORS];
  if (soso_market_pmodel_ex(&pm, fits, win, store, names, n, kind, from, to, d) < 0 ||
      soso_market_cholesky(l, pm.d.corr, n) < 0)
    return cli_fail();
  size_t un = (size_t)n;
  if (json)
    return soso_market_correlation_json(&pm, fits, win, defl, soso_sink_stdio, stdout) < 0
               ? cli_fail()
               : CLI_OK;
  char a[8], b[8];
  soso_market_month_format(a, win[0]);
  soso_market_month_format(b, win[1]);
  printf("Innovation correlation, %s, common window %s..%s (%d months)\n",
         kind == SOSO_PRICE_GBM ? "gbm" : "ou", a, b, win[1] - win[0] + 1);
  for (int pass = 0; pass < 2; pass++) {
    const double *m = pass == 0 ? pm.d.corr : l;
    printf("%s\n%-10s", pass == 0 ? "correlation" : "cholesky factor (lower)", "");
    for (size_t j = 0; j < un; j++) printf(" %10s", pm.d.f[j].name);
    fputc('\n', stdout);
    for (size_t i = 0; i < un; i++) {
      printf("%-10s", pm.d.f[i].name);
      for (size_t j = 0; j < un; j++) printf(" %10.4f", m[i * un + j]);
      fputc('\n', stdout);
    }
  }
  return CLI_OK;
}

static int prices_calibrate(cli_ctx *ctx, int argc, char **argv) {
  static const struct option opts[] = {
      {"commodity", required_argument, NULL, 'c'}, {"model", required_argument, NULL, 'm'},
      {"from", required_argument, NULL, 'F'},      {"to", required_argument, NULL, 'T'},
      {"deflator", required_argument, NULL, 'd'},  {"format", required_argument, NULL, 'f'},
      {"correlation", no_argument, NULL, 'C'},     {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  const char *cmd = "prices calibrate", *format = "table", *model = NULL, *defl = NULL;
  int corr = 0;
  char *list = NULL;
  int from = -1, to = -1, c;
  optind = 1;
  opterr = 0; /* cli_bad_option prints the one-line message */
  while ((c = getopt_long(argc, argv, "c:m:F:T:d:f:Ch", opts, NULL)) != -1) {
    switch (c) {
    case 'h': fputs(k_calibrate_help, stdout); return CLI_OK;
    case 'C': corr = 1; break;
    case 'c': list = optarg; break;
    case 'm': model = optarg; break;
    case 'F': if (prices_opt_month(cmd, "--from", optarg, &from)) return CLI_USAGE; break;
    case 'T': if (prices_opt_month(cmd, "--to", optarg, &to)) return CLI_USAGE; break;
    case 'd': defl = optarg; break;
    case 'f': format = optarg; break;
    default: return cli_bad_option_in(cmd, argc, argv, opts);
    }
  }
  if (optind < argc) return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
  if (!list) return cli_usage(cmd, "--commodity is required");
  if (!model) return cli_usage(cmd, "--model is required (gbm or ou)");
  soso_price_kind kind = prices_model_kind(model);
  if (!kind) return cli_usage(cmd, "--model: \"%s\" is not gbm or ou", model);
  if (!cli_is_choice(format, "json|table"))
    return cli_usage(cmd, "--format: \"%s\" is not json or table", format);
  if (from >= 0 && to >= 0 && to < from) return cli_usage(cmd, "--to is before --from");
  const char *names[SOSO_MAX_FACTORS];
  int n;
  if (prices_split_list(cmd, list, names, SOSO_MAX_FACTORS, &n)) return CLI_USAGE;
  soso_store *store;
  if (cli_open_store_read(ctx, &store) != CLI_OK) return CLI_ERR;
  soso_price_series d = {0}, s = {0};
  int status = CLI_OK, json = strcmp(format, "json") == 0;
  soso_fit fits[SOSO_MAX_FACTORS];
  soso_price_series heads[SOSO_MAX_FACTORS];
  if (defl && (status = prices_deflator(&d, store, defl)) != CLI_OK) goto done;
  if (corr) {
    status = correlation(store, names, n, kind, from, to, defl ? &d : NULL, defl, json);
    goto done;
  }
  for (int i = 0; i < n; i++) {
    soso_fit f;
    if (soso_market_prices_load(&s, store, names[i], from, to) < 0 ||
        (defl && soso_market_prices_deflate(&s, &d) < 0) ||
        soso_market_fit_model(&f, kind, s.price, s.n, 1.0 / 12.0) < 0) {
      status = cli_fail();
      goto done;
    }
    if (!json) fit_table(&f, &s);
    fits[i] = f;
    heads[i] = s;
    heads[i].price = NULL;
    soso_market_price_series_clear(&s);
  }
  if (json && soso_market_fits_json(fits, heads, (size_t)n, defl, soso_sink_stdio, stdout) < 0)
    status = cli_fail();
done:
  soso_market_price_series_clear(&s);
  soso_market_price_series_clear(&d);
  soso_store_free(store);
  return status;
}

/* dispatch --------------------------------------------------------------- */
static const char k_help[] =
    "usage: soso prices SUBCOMMAND [OPTIONS]\n\n"
    "Monthly metal prices: history, calibrated models, correlated scenarios.\n"
    "  import FILE...   store prices (World Bank Pink Sheet or long layout)\n"
    "  list             the stored series\n"
    "  calibrate        fit GBM or log-OU by exact maximum likelihood\n"
    "  simulate         correlated real-world (P) price paths, CSV and fan chart\n"
    "Run 'soso prices SUBCOMMAND --help' for its options.\n";

int cmd_prices(cli_ctx *ctx, int argc, char **argv) {
  if (argc < 2)
    return cli_usage("prices", "give a subcommand: import, list, calibrate or simulate");
  const char *sub = argv[1];
  if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
    fputs(k_help, stdout);
    return CLI_OK;
  }
  if (strcmp(sub, "import") == 0) return prices_import(ctx, argc - 1, argv + 1);
  if (strcmp(sub, "list") == 0) return prices_list(ctx, argc - 1, argv + 1);
  if (strcmp(sub, "calibrate") == 0) return prices_calibrate(ctx, argc - 1, argv + 1);
  if (strcmp(sub, "simulate") == 0) return cmd_prices_simulate(ctx, argc - 1, argv + 1);
  return cli_usage("prices", "unknown subcommand '%s'", sub);
}
