/* cmd_screen.c - `soso screen`: the deposits meeting combinable filters, as a
 * table, CSV, JSON or GeoJSON (stdout, or a file written whole via --out). */
#define _GNU_SOURCE
#include "cli/cli.h"
#include "cli/screen_opts.h"
#include "soso/deposits.h"
#include "soso/error.h"
#include "soso/afile.h"

#include <getopt.h>
#include <string.h>

static void usage(FILE *f, const char *cmd) {
  fprintf(f, "usage: soso %s [FILTERS] [--format table|csv|json|geojson] [--out FILE]\n\n", cmd);
  fprintf(f, "The deposits of the store that meet every filter given.\n\n");
  screen_cli_help(f);
  fprintf(f, "Output:\n"
             "  --format F   table (default), csv, json (array of objects: id, name, country,\n"
             "               lat, lon, ore_mt, grades {code: {value, unit, contained_t}}, crm\n"
             "               [years], ...) or geojson (RFC 7946 FeatureCollection)\n"
             "  --out FILE   write to FILE (whole or not at all) instead of stdout;\n"
             "               the format follows a .csv/.json/.geojson extension\n"
             "Examples:\n"
             "  soso screen --preset figure1 --format geojson --out fig1.geojson\n"
             "  soso screen --commodity zn,pb --min-grade zn=5 --max-ore-mt 2 --country RS,BA\n"
             "  soso screen --crm 2023 --bbox 13,40,23,47 --format csv\n");
}

/* What write_screened writes. */
typedef struct screen_output {
  const soso_deposits *set;  /* the screened deposits */
  soso_deposits_format fmt;  /* how */
} screen_output;

static int write_screened(FILE *fp, const void *closure) {
  const screen_output *so = closure;
  return soso_deposits_write(fp, so->set, so->fmt);
}

int cmd_screen(cli_ctx *ctx, int argc, char **argv) {
  static const struct option k_opts[] = {SCREEN_LONG_OPTIONS,
                                         {"format", required_argument, NULL, 'f'},
                                         {"out", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
  const char *cmd = strcmp(argv[0], "list") == 0 ? "deposits list" : "screen";
  screen_cli sc;
  screen_cli_init(&sc);
  soso_deposits_format fmt = SOSO_FMT_TABLE;
  int fmt_given = 0, c;
  const char *out = NULL;
  optind = 1;
  opterr = 0; /* cli_bad_option prints the one-line message */
  while ((c = getopt_long(argc, argv, "h", k_opts, NULL)) != -1) {
    if (c >= SCREEN_OPT_BASE) {
      if (screen_cli_option(&sc, cmd, c, optarg)) return CLI_USAGE;
      continue;
    }
    switch (c) {
      case 'f':
        if (soso_deposits_format_parse(&fmt, optarg) < 0)
          return cli_usage(cmd, "--%s", soso_error_last());
        fmt_given = 1;
        break;
      case 'o': out = optarg; break;
      case 'h': usage(stdout, cmd); return CLI_OK;
      default: return cli_bad_option_in(cmd, argc, argv, k_opts);
    }
  }
  if (optind < argc) return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
  fmt = screen_cli_out_format(out, fmt, fmt_given);
  soso_screen_opts opts;
  int rc = screen_cli_finish(&sc, cmd, &opts);
  if (rc != 0) return rc;
  soso_deposits *set = NULL;
  if ((rc = screen_cli_screen(ctx, &opts, &set)) != CLI_OK) return rc;
  screen_output so = {set, fmt};
  rc = screen_cli_emit(out, write_screened, &so);
  if (rc == CLI_OK && out && ctx->progress) /* a summary for a person at a terminal only */
    fprintf(stderr, "soso %s: %zu deposits -> %s\n", cmd, set->n, out);
  soso_deposits_free(set);
  return rc;
}
