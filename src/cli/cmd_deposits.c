/* cmd_deposits.c - `soso deposits import|list|show|presets`: the deposit
 * knowledge base from the command line. */
#define _GNU_SOURCE
#include "cli/cli.h"
#include "cli/screen_opts.h"
#include "soso/deposits.h"
#include "soso/error.h"
#include "soso/text.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f) {
  fprintf(f,
          "usage: soso deposits import FILE... [--map SRC=DST,...] [--skip-bad] [--source NAME]\n"
          "                                    [--log FILE]\n"
          "       soso deposits list [FILTERS] [--format table|csv|json|geojson]\n"
          "       soso deposits show ID [--format table|json]\n"
          "       soso deposits presets\n\n"
          "import  reads CSV (wide: one row per deposit with <element>_<unit> grade columns;\n"
          "        long: one row per deposit and commodity) or any vector format GDAL/OGR\n"
          "        reads (GeoPackage, Shapefile, GeoJSON). Each file is stored whole or not\n"
          "        at all; importing a source again updates its deposits. Several files:\n"
          "        a bad file does not stop the others; a table sums up each file and the\n"
          "        exit status is 1 when any file failed.\n"
          "  --map SRC=DST,...  read file column SRC as soso column DST (id, name, country,\n"
          "                     lat, lon, status, deposit_type, ore_mt, category,\n"
          "                     commodities, zn_pct, ag_gpt, ...); may be repeated\n"
          "  --skip-bad         store the good rows and list every bad one on stderr\n"
          "  --log FILE         write every rejected and flagged row to FILE (flagged rows\n"
          "                     are otherwise counted, and listed only with soso --verbose)\n"
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

/* One imported file, for the summary table. */
typedef struct file_result {
  const char *path;  /* as given */
  int failed;        /* nothing stored */
  size_t stored;     /* new + updated deposits */
  size_t rejected;   /* bad rows */
  size_t flagged;    /* rows stored with a warning */
  char *first_error; /* the error, or the first bad row; NULL if none */
} file_result;

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* The table of several files: file, stored, rejected, flagged, first error. */
static void import_summary(FILE *f, const file_result *r, size_t n) {
  size_t wf = strlen("file");
  for (size_t k = 0; k < n; k++)
    if (soso_text_width(base_name(r[k].path)) > wf) wf = soso_text_width(base_name(r[k].path));
  soso_text_pad(f, "file", wf);
  fprintf(f, "  %8s %8s %8s  %s\n", "stored", "rejected", "flagged", "first error");
  /* numbers right-aligned, with thousands separators; file names by display width */
  for (size_t k = 0; k < n; k++) {
    char a[32], b[32], c[32];
    soso_text_pad(f, base_name(r[k].path), wf);
    const char *e = r[k].first_error ? r[k].first_error : "";
    size_t lp = strlen(r[k].path);
    /* "FILE:LINE: key: reason" reads "line LINE: key: reason" beside its file */
    int at_line = strncmp(e, r[k].path, lp) == 0 && e[lp] == ':' && e[lp + 1] >= '0' &&
                  e[lp + 1] <= '9';
    fprintf(f, "  %8s %8s %8s%s%s%s\n",
            r[k].failed ? "0" : soso_text_number(a, sizeof a, (double)r[k].stored, 0, ","),
            r[k].failed ? "-" : soso_text_number(b, sizeof b, (double)r[k].rejected, 0, ","),
            r[k].failed ? "-" : soso_text_number(c, sizeof c, (double)r[k].flagged, 0, ","),
            *e ? "  " : "", at_line ? "line " : "", at_line ? e + lp + 1 : e);
  }
}

static int cmd_import(cli_ctx *ctx, int argc, char **argv) {
  static const struct option k_opts[] = {{"map", required_argument, NULL, 'm'},
                                         {"skip-bad", no_argument, NULL, 'k'},
                                         {"source", required_argument, NULL, 's'},
                                         {"log", required_argument, NULL, 'l'},
                                         {"verbose", no_argument, NULL, 'v'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
  soso_import_opts o = SOSO_IMPORT_OPTS_INIT;
  char **pairs = NULL;
  size_t n_pairs = 0;
  int c, rc = CLI_OK, verbose = ctx->verbose;
  const char *log_path = NULL;
  FILE *log = NULL;
  file_result *res = NULL;
  size_t n_res = 0;
  optind = 1;
  opterr = 0; /* cli_bad_option prints the one-line message */
  while ((c = getopt_long(argc, argv, "hv", k_opts, NULL)) != -1) {
    switch (c) {
      case 'm':
        if ((rc = parse_map(&pairs, &n_pairs, optarg)) != 0) goto done;
        break;
      case 'k': o.skip_bad = 1; break;
      case 's': o.source = optarg; break;
      case 'l': log_path = optarg; break;
      case 'v': verbose = 1; break;
      case 'h': usage(stdout); goto done;
      default: rc = cli_bad_option_in("deposits import", argc, argv, k_opts); goto done;
    }
  }
  if (optind >= argc) {
    rc = cli_usage("deposits import", "no FILE given");
    goto done;
  }
  if (log_path && !(log = fopen(log_path, "w"))) {
    fprintf(stderr, "soso deposits import: --log %s: cannot write\n", log_path);
    rc = CLI_ERR;
    goto done;
  }
  o.map = (const char *const *)pairs;
  o.n_map = n_pairs;
  soso_store *store = NULL;
  if ((rc = cli_open_store(ctx, &store)) != CLI_OK) goto done;
  res = calloc((size_t)(argc - optind), sizeof *res);
  if (!res) {
    soso_store_free(store);
    rc = cli_usage("deposits import", "out of memory");
    goto done;
  }
  size_t n_failed = 0, n_flagged = 0, n_data_failed = 0;
  /* each file is its own transaction: a bad file leaves the others stored */
  for (int i = optind; i < argc; i++) {
    soso_import_report rep;
    file_result *fr = &res[n_res++];
    fr->path = argv[i];
    int r = soso_deposits_import(&rep, store, argv[i], &o);
    for (size_t k = 0; k < rep.n_bad; k++) {
      fprintf(stderr, "%s\n", rep.bad[k]);
      if (log) fprintf(log, "rejected: %s\n", rep.bad[k]);
    }
    if (r < 0) {
      fprintf(stderr, "%s\n", soso_error_last());
      fprintf(stderr, "soso deposits import: %s: nothing stored\n", argv[i]);
      if (log) fprintf(log, "failed: %s\n", soso_error_last());
      fr->failed = 1;
      fr->first_error = strdup(soso_error_last());
      n_failed++;
      n_data_failed += r == SOSO_EDATA;
      if (rc == CLI_OK || r == SOSO_EUSAGE) rc = r == SOSO_EUSAGE ? CLI_USAGE : CLI_ERR;
    } else {
      fr->stored = rep.n_inserted + rep.n_updated;
      fr->rejected = rep.n_bad;
      fr->flagged = rep.n_flagged;
      if (rep.n_bad) fr->first_error = strdup(rep.bad[0]);
      n_flagged += rep.n_flagged;
      for (size_t k = 0; k < rep.n_flagged; k++) {
        if (verbose && !ctx->quiet) fprintf(stderr, "warning: %s\n", rep.flagged[k]);
        if (log) fprintf(log, "flagged: %s\n", rep.flagged[k]);
      }
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
    soso_deposits_import_report_clear(&rep);
  }
  soso_store_free(store);
  if (n_res > 1) {
    printf("\n");
    import_summary(stdout, res, n_res);
  }
  if (n_flagged && !verbose && !ctx->quiet)
    fprintf(stderr, "soso deposits import: %zu row%s stored with a warning (flagged); "
            "see them with soso --verbose or --log FILE\n", n_flagged, n_flagged == 1 ? "" : "s");
  if (n_failed && n_res > 1)
    fprintf(stderr, "soso deposits import: %zu of %zu files failed, nothing stored from them%s\n",
            n_failed, n_res,
            n_data_failed && !o.skip_bad ? "; --skip-bad stores their good rows and lists the "
                                           "bad ones"
                                         : "");
  else if (n_data_failed && !o.skip_bad)
    fprintf(stderr, "soso deposits import: --skip-bad stores the good rows and lists the bad "
            "ones\n");
done:
  for (size_t k = 0; k < n_res; k++) free(res[k].first_error);
  free(res);
  if (log && fclose(log) != 0 && rc == CLI_OK) {
    fprintf(stderr, "soso deposits import: --log %s: cannot write\n", log_path);
    rc = CLI_ERR;
  }
  soso_deposits_strv_free(pairs, 2 * n_pairs);
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
    if (c != 'f') return cli_bad_option_in("deposits show", argc, argv, k_opts);
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
  if (soso_deposits_screen_presets(&names, &descs, &n, cli_data_dir()) < 0) return cli_fail();
  for (size_t k = 0; k < n; k++) printf("%-12s %s\n", names[k], descs[k]);
  soso_deposits_strv_free(names, n);
  soso_deposits_strv_free(descs, n);
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
