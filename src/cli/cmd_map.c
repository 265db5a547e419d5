/* cmd_map.c - `soso map`: the screened deposits and their districts on a map of
 * Europe (ETRS89-LAEA), written whole to a PNG, SVG or PDF file. */
#define _GNU_SOURCE
#include "cli/cli.h"
#include "cli/screen_opts.h"
#include "soso/deposits.h"
#include "soso/districts.h"
#include "soso/error.h"
#include "soso/afile.h"
#include "soso/map.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f) {
  fprintf(f, "usage: soso map --out FILE [FILTERS] [--eps-km KM] [--min-deposits N]\n"
             "                [--no-districts] [--title TEXT] [--source TEXT]\n\n"
             "Draws the deposits that meet the filters on a map of Europe in ETRS89-LAEA\n"
             "(EPSG:3035): symbols coloured by main commodity and sized by ore tonnage,\n"
             "districts (as in 'soso districts') outlined, with legend, scale bar and\n"
             "country boundaries from Natural Earth.\n\n");
  screen_cli_help(f);
  fprintf(f, "Map:\n"
             "  --out FILE         .png, .svg or .pdf (by extension); written whole or not\n"
             "                     at all\n"
             "  --eps-km KM        district radius, km (default 20)\n"
             "  --min-deposits N   deposits a district core needs within KM (default 2)\n"
             "  --no-districts     draw the deposits only\n"
             "  --title TEXT       map title (default: the preset's description, or\n"
             "                     \"Screened deposits\")\n"
             "  --source TEXT      data credit on the source line (default: the sources'\n"
             "                     names in the store)\n"
             "Example:\n"
             "  soso map --preset figure1 --out figure1.png\n");
}

/* The description of preset name, or NULL (caller frees). */
static char *preset_title(const char *name) {
  char **names = NULL, **descs = NULL;
  size_t n = 0;
  char *t = NULL;
  if (soso_deposits_screen_presets(&names, &descs, &n, cli_data_dir()) < 0) return NULL;
  for (size_t i = 0; i < n && !t; i++)
    if (strcmp(names[i], name) == 0 && descs[i][0]) {
      size_t len = strlen(descs[i]) + 1;
      if ((t = malloc(len)) != NULL) memcpy(t, descs[i], len);
    }
  soso_deposits_strv_free(names, n);
  soso_deposits_strv_free(descs, n);
  return t;
}

int cmd_map(cli_ctx *ctx, int argc, char **argv) {
  static const struct option k_opts[] = {SCREEN_LONG_OPTIONS,
                                         {"out", required_argument, NULL, 'o'},
                                         {"eps-km", required_argument, NULL, 'e'},
                                         {"min-deposits", required_argument, NULL, 'm'},
                                         {"no-districts", no_argument, NULL, 'n'},
                                         {"title", required_argument, NULL, 't'},
                                         {"source", required_argument, NULL, 's'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
  const char *cmd = "map";
  screen_cli sc;
  screen_cli_init(&sc);
  const char *out = NULL, *title = NULL, *source = NULL;
  double eps = 20.0;
  size_t minpts = 2;
  int districts = 1, c;
  optind = 1;
  opterr = 0; /* cli_bad_option prints the one-line message */
  while ((c = getopt_long(argc, argv, "h", k_opts, NULL)) != -1) {
    if (c >= SCREEN_OPT_BASE) {
      if (screen_cli_option(&sc, cmd, c, optarg)) return CLI_USAGE;
      continue;
    }
    switch (c) {
      case 'o': out = optarg; break;
      case 'e':
      case 'm':
        if (screen_cli_district_opt(cmd, c, optarg, &eps, &minpts)) return CLI_USAGE;
        break;
      case 'n': districts = 0; break;
      case 't': title = optarg; break;
      case 's': source = optarg; break;
      case 'h': usage(stdout); return CLI_OK;
      default: return cli_bad_option_in(cmd, argc, argv, k_opts);
    }
  }
  if (optind < argc) return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
  if (!out) return cli_usage(cmd, "--out FILE is required");
  char ext[16];
  soso_afile_path_ext(out, ext, sizeof ext);
  if (strcmp(ext, "png") && strcmp(ext, "svg") && strcmp(ext, "pdf"))
    return cli_usage(cmd, "--out %s: unknown map format \"%s\" (use .png, .svg or .pdf)", out,
                     ext);
  soso_screen_opts opts;
  int rc = screen_cli_finish(&sc, cmd, &opts);
  if (rc != 0) return rc;
  char boundaries[4096];
  snprintf(boundaries, sizeof boundaries, "%s/%s", cli_data_dir(), SOSO_MAP_BOUNDARIES);
  char *ptitle = !title && opts.preset[0] ? preset_title(opts.preset) : NULL;
  soso_deposits *set = NULL;
  if ((rc = screen_cli_screen(ctx, &opts, &set)) != CLI_OK) {
    free(ptitle);
    return rc;
  }
  soso_districts *ds = NULL;
  soso_map_opts mo = SOSO_MAP_OPTS_INIT;
  mo.title = title ? title : ptitle;
  mo.source = source;
  mo.boundaries = boundaries;
  mo.eps_km = eps;
  mo.min_deposits = minpts;
  if ((districts && soso_districts_of_set(&ds, set, eps, minpts) < 0) ||
      soso_map_draw(out, set, ds, &mo) < 0)
    rc = cli_fail();
  else if (ctx->progress) /* a summary for a person at a terminal only */
    fprintf(stderr, "soso map: %zu deposits, %zu districts -> %s\n", set->n,
            ds ? soso_districts_count(ds) : 0, out);
  soso_districts_free(ds);
  soso_deposits_free(set);
  free(ptitle);
  return rc;
}
