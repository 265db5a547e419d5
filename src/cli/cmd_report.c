/* cmd_report.c - `soso report REGION --out DIR`: the whole chain for one region,
 * written as report.html (self-contained), report.pdf and figures/ (PNG)
 * (include/soso/report.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"
#include "soso/error.h"
#include "soso/i18n.h"
#include "soso/report.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void usage(FILE *f) {
  fprintf(f,
          "usage: soso report REGION --out DIR [--paths N] [--seed S] [--threads T]\n"
          "                   [--no-deposits] [--eps-km KM] [--lang L] [--format text|json]\n\n"
          "Runs the whole chain for a region file - deposits around it (from the store),\n"
          "value and policy of each mine, its employment fan chart, its impacts on the\n"
          "nearest community, the district's joint simulation of every strategy with\n"
          "cumulative impacts, closure and guarantees - and writes a report a municipality\n"
          "can read: DIR/report.html (one file, figures inline, readable on a phone),\n"
          "DIR/report.pdf (A4, same content) and DIR/figures/ (PNG).\n\n"
          "Beside REGION it reads every *.site.yaml (matched to the nearest region site\n"
          "within 25 km) and *.community.yaml (matched to the nearest site); their\n"
          "\"# assumption\" comments are listed in the report (see examples/drina/).\n\n"
          "  REGION          region file (YAML; README.md, \"soso region\")\n"
          "  --out DIR       output folder (created if missing)\n"
          "  --paths N       price scenarios of every simulation (default 500)\n"
          "  --seed S        seed of every simulation (default 1; printed in the report)\n"
          "  --threads T     OpenMP threads (default: all; results do not depend on it)\n"
          "  --no-deposits   leave out the map of deposits from the store (--db)\n"
          "  --eps-km KM     district radius of the deposits map (default 20)\n"
          "  --lang L        language of the report: en, bs (Bosnian), hr (Croatian),\n"
          "                  sr (Serbian, Cyrillic), sr@latin (Serbian, Latin); default:\n"
          "                  the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else en.\n"
          "                  Catalogs from $SOSO_LOCALEDIR, else the build's locale/\n"
          "  --format F      what to print when done: text (default: the report's path)\n"
          "                  or json ({\"html\", \"pdf\", \"figures_dir\", \"n_figures\", ...})\n");
}

static void progress(void *closure, const char *stage, long done, long total) {
  char what[48]; /* fixed width: each "\r" line overwrites the previous one whole */
  snprintf(what, sizeof what, "%-36.36s", stage);
  cli_progress((const cli_ctx *)closure, what, done, total);
}

int cmd_report(cli_ctx *ctx, int argc, char **argv) {
  static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
                                       {"paths", required_argument, NULL, 'n'},
                                       {"seed", required_argument, NULL, 's'},
                                       {"threads", required_argument, NULL, 't'},
                                       {"no-deposits", no_argument, NULL, 'D'},
                                       {"eps-km", required_argument, NULL, 'e'},
                                       {"format", required_argument, NULL, 'f'},
                                       {"lang", required_argument, NULL, 'l'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *out = NULL, *format = "text", *lang = NULL;
  long paths = 500, seed = 1, threads = 0;
  double eps = 20.0;
  int no_deposits = 0, c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    switch (c) {
    case 'o': out = optarg; break;
    case 'n':
      if (cli_parse_long("report", "--paths", optarg, &paths)) return CLI_USAGE;
      break;
    case 's':
      if (cli_parse_long("report", "--seed", optarg, &seed)) return CLI_USAGE;
      break;
    case 't':
      if (cli_parse_long("report", "--threads", optarg, &threads)) return CLI_USAGE;
      break;
    case 'D': no_deposits = 1; break;
    case 'e':
      if (cli_parse_double("report", "--eps-km", optarg, &eps)) return CLI_USAGE;
      break;
    case 'f': format = optarg; break;
    case 'l': lang = optarg; break;
    case 'h': usage(stdout); return CLI_OK;
    default: return cli_bad_option_in("report", argc, argv, opts);
    }
  }
  if (optind != argc - 1) return cli_usage("report", "give exactly one REGION file");
  if (!out) return cli_usage("report", "--out DIR is required");
  if (!cli_is_choice(format, "text|json"))
    return cli_usage("report", "--format: \"%s\" is not text or json", format);
  if (paths < 2 || paths > 1000000)
    return cli_usage("report", "--paths: %ld is outside 2 .. 1000000", paths);
  if (seed < 0) return cli_usage("report", "--seed: %ld must not be negative", seed);
  if (threads < 0 || threads > 1024)
    return cli_usage("report", "--threads: %ld is outside 0 .. 1024", threads);
  if (!(eps > 0.0 && eps <= 1000.0))
    return cli_usage("report", "--eps-km: %g is outside (0, 1000]", eps);
  if (lang && !soso_i18n_canonical(lang))
    return cli_usage("report", "--lang: \"%s\" is not en, bs, hr, sr or sr@latin", lang);
  const char *localedir = getenv("SOSO_LOCALEDIR");

  soso_store *store = NULL;
  struct stat st;
  /* Only an existing store: the report must not create an empty database. */
  if (!no_deposits && stat(ctx->db_path, &st) == 0 && cli_open_store_read(ctx, &store) != CLI_OK)
    return CLI_ERR;
  soso_report_opts o = SOSO_REPORT_OPTS_INIT;
  o.n_paths = (size_t)paths;
  o.seed = (uint64_t)seed;
  o.n_threads = (int)threads;
  o.store = store;
  o.eps_km = eps;
  o.progress = progress;
  o.lang = lang;
  o.localedir = localedir && *localedir ? localedir : NULL;
  o.closure = ctx;
  soso_report_info info;
  int rc = soso_report_region(&info, argv[optind], out, &o);
  soso_store_free(store);
  if (rc < 0) return cli_fail();
  if (strcmp(format, "json") == 0) {
    char figdir[1100];
    snprintf(figdir, sizeof figdir, "%s/figures", out);
    json_t *j = json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I}", "html", info.html, "pdf",
                          info.pdf, "figures_dir", figdir, "n_figures",
                          (json_int_t)info.n_figures, "n_sites", (json_int_t)info.n_sites,
                          "n_sites_assessed", (json_int_t)info.n_sites_assessed,
                          "n_assumptions", (json_int_t)info.n_assumptions, "paths",
                          (json_int_t)paths, "seed", (json_int_t)seed);
    if (!j) return CLI_ERR;
    json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(j);
  } else {
    printf("%s\n", info.html);
    if (ctx->progress) /* a terminal and not --quiet */
      fprintf(stderr, "soso report: %zu of %zu sites assessed, %zu figures, %zu assumptions "
              "listed; PDF %s\n", info.n_sites_assessed, info.n_sites, info.n_figures,
              info.n_assumptions, info.pdf);
  }
  return CLI_OK;
}
