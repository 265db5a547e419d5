/* cmd_districts.c - `soso districts`: the screened deposits grouped into districts
 * one mobile plant could serve (DBSCAN on great-circle distance), as a table,
 * CSV, JSON or GeoJSON (stdout, or a file written whole via --out). */
#define _GNU_SOURCE
#include "cli/cli.h"
#include "cli/screen_opts.h"
#include "soso/deposits.h"
#include "soso/districts.h"
#include "soso/error.h"
#include "soso/afile.h"

#include <getopt.h>
#include <math.h>
#include <string.h>

static void usage(FILE *f) {
  fprintf(f,
          "usage: soso districts [FILTERS] [--eps-km KM] [--min-deposits N]\n"
          "                      [--format table|csv|json|geojson] [--out FILE]\n\n"
          "Groups the deposits that meet the filters into districts that one mobile,\n"
          "modular plant could serve: DBSCAN on great-circle distance. A deposit with at\n"
          "least N deposits (itself included) within KM is a core; cores within KM of\n"
          "each other share a district, with the deposits within KM of them. The rest\n"
          "are on their own and belong to no district.\n\n");
  screen_cli_help(f);
  fprintf(f,
          "Districts:\n"
          "  --eps-km KM        neighbourhood radius, km (default 20: an assumed ore\n"
          "                     trucking distance to a shared plant)\n"
          "  --min-deposits N   deposits (itself included) a core needs within KM\n"
          "                     (default 2: any two deposits within KM form a district)\n"
          "Output:\n"
          "  --format F   table (default), csv, json (array of objects: id, n, deposits\n"
          "               [ids], names, countries, centroid {lat, lon}, span_km, ore_mt,\n"
          "               n_ore, contained {code: {value, unit}}) or geojson (centroids)\n"
          "  --out FILE   write to FILE (whole or not at all) instead of stdout;\n"
          "               the format follows a .csv/.json/.geojson extension\n"
          "Examples:\n"
          "  soso districts --preset figure1 --eps-km 30 --format json > districts.json\n"
          "  soso districts --commodity zn,pb --country RS,BA --min-deposits 3\n");
}

/* What write_districts writes. */
typedef struct districts_output {
  const soso_districts *ds;  /* the districts */
  const soso_deposits *set;  /* the screened deposits they index */
  soso_deposits_format fmt;  /* how */
} districts_output;

static int write_districts(FILE *fp, const void *closure) {
  const districts_output *d = closure;
  return soso_districts_write(fp, d->ds, d->set, d->fmt);
}

int cmd_districts(cli_ctx *ctx, int argc, char **argv) {
  static const struct option k_opts[] = {SCREEN_LONG_OPTIONS,
                                         {"eps-km", required_argument, NULL, 'e'},
                                         {"min-deposits", required_argument, NULL, 'm'},
                                         {"format", required_argument, NULL, 'f'},
                                         {"out", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
  const char *cmd = "districts";
  screen_cli sc;
  screen_cli_init(&sc);
  soso_deposits_format fmt = SOSO_FMT_TABLE;
  int fmt_given = 0, c;
  double eps = 20.0;
  size_t minpts = 2;
  const char *out = NULL;
  optind = 1;
  opterr = 0; /* cli_bad_option prints the one-line message */
  while ((c = getopt_long(argc, argv, "h", k_opts, NULL)) != -1) {
    if (c >= SCREEN_OPT_BASE) {
      if (screen_cli_option(&sc, cmd, c, optarg)) return CLI_USAGE;
      continue;
    }
    switch (c) {
      case 'e':
      case 'm':
        if (screen_cli_district_opt(cmd, c, optarg, &eps, &minpts)) return CLI_USAGE;
        break;
      case 'f':
        if (soso_deposits_format_parse(&fmt, optarg) < 0)
          return cli_usage(cmd, "--%s", soso_error_last());
        fmt_given = 1;
        break;
      case 'o': out = optarg; break;
      case 'h': usage(stdout); return CLI_OK;
      default: return cli_bad_option_in(cmd, argc, argv, k_opts);
    }
  }
  if (optind < argc) return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
  fmt = screen_cli_out_format(out, fmt, fmt_given);
  soso_screen_opts opts;
  int rc = screen_cli_finish(&sc, cmd, &opts);
  if (rc != 0) return rc;
  soso_deposits *set = NULL;
  soso_districts *ds = NULL;
  if ((rc = screen_cli_screen(ctx, &opts, &set)) != CLI_OK) return rc;
  if (soso_districts_of_set(&ds, set, eps, minpts) < 0) {
    rc = cli_fail();
  } else {
    districts_output dout = {ds, set, fmt};
    rc = screen_cli_emit(out, write_districts, &dout);
  }
  if (rc == CLI_OK && set->n > 0 && soso_districts_count(ds) == 0 && !ctx->quiet)
    fprintf(stderr, "soso districts: %zu deposit%s passed the filters, but no %zu of them lie "
            "within %g km of each other: no district (see them with soso screen and the same "
            "filters; --eps-km and --min-deposits set the rule)\n",
            set->n, set->n == 1 ? "" : "s", minpts, eps);
  else if (rc == CLI_OK && ctx->progress) /* a summary for a person at a terminal only */
    fprintf(stderr, "soso districts: %zu deposits screened, %zu districts (eps %g km, min %zu)%s%s\n",
            set->n, soso_districts_count(ds), eps, minpts, out ? " -> " : "", out ? out : "");
  soso_districts_free(ds);
  soso_deposits_free(set);
  return rc;
}
