/* cmd_deposits.c - `soso deposits import|list|show|presets`: the deposit
 * knowledge base from the command line. */
#define _GNU_SOURCE
#include "cli/cli.h"
#include "cli/screen_opts.h"
#include "soso/deposits.h"
#include "soso/error.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f) {
  fprintf(f,
          "usage: soso deposits import FILE... [--map SRC=DST,...] [--skip-bad] [--source NAME]\n"
          "       soso deposits list [FILTERS] [--format table|csv|json|geojson]\n"
          "       soso deposits show ID [--format table|json]\n"
          "       soso deposits presets\n\n"
          "import  reads CSV (wide: one row per deposit with <element>_<unit> grade columns;\n"
          "        long: one row per deposit and commodity) or any vector format GDAL/OGR\n"
          "        reads (GeoPackage, Shapefile, GeoJSON). Each file is stored whole or not\n"
          "        at all; importing a source again updates its deposits.\n"
          "  --map SRC=DST,...  read file column SRC as soso column DST (id, name, country,\n"
          "                     lat, lon, status, deposit_type, ore_mt, category,\n"
          "                     commodities, zn_pct, ag_gpt, ...); may be repeated\n"
          "  --skip-bad         store the good rows and list every bad one on stderr\n"
          "  --source NAME      source name in deposit ids NAME:RECORD (default: file stem)\n"
          "list    the deposits meeting the filters of 'soso screen' (see soso screen --help)\n"
          "show    one deposit by id (SOURCE:RECORD)\n"
          "presets the screening presets of data/presets.yaml\n");
}

static int parse_map(char ***pairs, size_t *n, const char *arg) {
  char *buf = strdup(arg);
  if (!buf) return cli_usage("deposits import", "out of memory");
  char *save = NULL;
  for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
    char *eq = strchr(t, '=');
    if (!eq || eq == t || !eq[1]) {
      int rc = cli_usage("deposits import", "--map: \"%s\" is not SRC=DST", t);
      free(buf);
      return rc;
    }
    *eq = '\0';
    char **np = realloc(*pairs, (2 * *n + 2) * sizeof *np);
    if (!np) {
      free(buf);
      return cli_usage("deposits import", "out of memory");
    }
    *pairs = np;
    np[2 * *n] = strdup(t);
    np[2 * *n + 1] = strdup(eq + 1);
    (*n)++;
  }
  free(buf);
  return 0;
}

static int cmd_import(cli_ctx *ctx, int argc, char **argv) {
  static const struct option k_opts[] = {{"map", required_argument, NULL, 'm'},
                                         {"skip-bad", no_argument, NULL, 'k'},
                                         {"source", required_argument, NULL, 's'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
  soso_import_opts o = SOSO_IMPORT_OPTS_INIT;
  char **pairs = NULL;
  size_t n_pairs = 0;
  int c, rc = CLI_OK;
  optind = 1;
  opterr = 0; /* cli_bad_option prints the one-line message */
  while ((c = getopt_long(argc, argv, "h", k_opts, NULL)) != -1) {
    switch (c) {
      case 'm':
        if ((rc = parse_map(&pairs, &n_pairs, optarg)) != 0) goto done;
        break;
      case 'k': o.skip_bad = 1; break;
      case 's': o.source = optarg; break;
      case 'h': usage(stdout); goto done;
      default: rc = cli_bad_option("deposits import", argc, argv); goto done;
    }
  }
  if (optind >= argc) {
    rc = cli_usage("deposits import", "no FILE given");
    goto done;
  }
  o.map = (const char *const *)pairs;
  o.n_map = n_pairs;
  soso_store *store = NULL;
  if ((rc = cli_open_store(ctx, &store)) != CLI_OK) goto done;
  for (int i = optind; i < argc && rc == CLI_OK; i++) {
    soso_import_report rep;
    int r = soso_deposits_import(&rep, store, argv[i], &o);
    for (size_t k = 0; k < rep.n_bad; k++) fprintf(stderr, "%s\n", rep.bad[k]);
    if (r < 0) {
      fprintf(stderr, "%s\n", soso_error_last());
      fprintf(stderr, "soso deposits import: %s: nothing stored\n", argv[i]);
      rc = r == SOSO_EUSAGE ? CLI_USAGE : CLI_ERR;
    } else {
      if (!ctx->quiet)
        for (size_t k = 0; k < rep.n_flagged; k++)
          fprintf(stderr, "warning: %s\n", rep.flagged[k]);
      printf("%s: %zu rows (%s layout), %zu new, %zu updated, %zu bad, %zu flagged; "
             "source %s, batch %ld\n",
             argv[i], rep.n_rows, rep.layout, rep.n_inserted, rep.n_updated, rep.n_bad,
             rep.n_flagged, rep.source, rep.batch);
      if (rep.n_unnormalised) {
        printf("%s: countries not normalised to ISO 3166-1:", argv[i]);
        for (size_t k = 0; k < rep.n_unnormalised; k++)
          printf("%s\"%s\"", k ? ", " : " ", rep.unnormalised[k]);
        printf("\n");
      }
    }
    soso_import_report_clear(&rep);
  }
  soso_store_free(store);
done:
  soso_strv_free(pairs, 2 * n_pairs);
  return rc;
}

static int cmd_show(cli_ctx *ctx, int argc, char **argv) {
  static const struct option k_opts[] = {{"format", required_argument, NULL, 'f'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
  soso_deposits_format fmt = SOSO_FMT_JSON;
  int c;
  optind = 1;
  opterr = 0; /* cli_bad_option prints the one-line message */
  while ((c = getopt_long(argc, argv, "h", k_opts, NULL)) != -1) {
    if (c == 'h') {
      usage(stdout);
      return CLI_OK;
    }
    if (c != 'f') return cli_bad_option("deposits show", argc, argv);
    if (soso_deposits_format_parse(&fmt, optarg) < 0)
      return cli_usage("deposits show", "--%s", soso_error_last());
  }
  if (optind + 1 != argc) return cli_usage("deposits show", "give one deposit ID");
  soso_store *store = NULL;
  int rc = cli_open_store_read(ctx, &store);
  if (rc != CLI_OK) return rc;
  soso_deposits *set = NULL;
  if (soso_deposits_get(&set, store, argv[optind], cli_data_dir()) < 0) rc = cli_fail();
  else if (set->n == 0) {
    fprintf(stderr, "soso deposits show: no deposit \"%s\"\n", argv[optind]);
    rc = CLI_ERR;
  } else if (soso_deposits_write(stdout, set, fmt) < 0) rc = cli_fail();
  soso_deposits_free(set);
  soso_store_free(store);
  return rc;
}

static int cmd_presets(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--help") == 0) {
    usage(stdout);
    return CLI_OK;
  }
  if (argc > 1) return cli_usage("deposits presets", "no arguments expected: %s", argv[1]);
  char **names = NULL, **descs = NULL;
  size_t n = 0;
  if (soso_screen_presets(&names, &descs, &n, cli_data_dir()) < 0) return cli_fail();
  for (size_t k = 0; k < n; k++) printf("%-12s %s\n", names[k], descs[k]);
  soso_strv_free(names, n);
  soso_strv_free(descs, n);
  return CLI_OK;
}

int cmd_deposits(cli_ctx *ctx, int argc, char **argv) {
  if (argc < 2) return cli_usage("deposits", "give a subcommand: import, list, show or presets");
  const char *sub = argv[1];
  if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
    usage(stdout);
    return CLI_OK;
  }
  if (strcmp(sub, "import") == 0) return cmd_import(ctx, argc - 1, argv + 1);
  if (strcmp(sub, "show") == 0) return cmd_show(ctx, argc - 1, argv + 1);
  if (strcmp(sub, "presets") == 0) return cmd_presets(argc - 1, argv + 1);
  if (strcmp(sub, "list") == 0) return cmd_screen(ctx, argc - 1, argv + 1);
  return cli_usage("deposits", "unknown subcommand \"%s\"", sub);
}
