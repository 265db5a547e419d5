/* main.c - the soso command: global options, then dispatch to one subcommand.
 *
 * The table below is the pipeline in the order a user meets it. A command that is
 * not built yet is simply absent from the table (no stubs).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"
#include "soso/data.h"
#include "soso/error.h"
#include "soso/i18n.h"
#include "soso/impacts.h"
#include "soso/region.h"
#include "soso/serve.h"
#include "soso/suggest.h"
#include "soso_version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct command {
  const char *name;                          /* as typed */
  int (*run)(cli_ctx *, int, char **);       /* the command's entry point */
  const char *summary;                       /* one line for `soso --help` */
  int data;                                  /* reads the shipped data folder */
} command;

static const command k_commands[] = {
    {"deposits", cmd_deposits, "import, list and show deposits (CSV, GeoPackage, ...)", 1},
    {"screen", cmd_screen, "deposits meeting SSM filters: grade, tonnage, CRM, ...", 1},
    {"districts", cmd_districts, "group screened deposits into districts one plant could serve", 1},
    {"map", cmd_map, "map screened deposits and districts on Europe (PNG, SVG, PDF)", 1},
    {"prices", cmd_prices, "import, calibrate and simulate metal prices", 0},
    {"value", cmd_value, "value a switch-on/switch-off mine: thresholds, NPV, flexibility", 1},
    {"simulate", cmd_simulate, "follow the mine's policy on real-world prices: months open, jobs", 1},
    {"survey", cmd_survey, "residents' surveys: import, analyse, plan (social licence)", 0},
    {"impacts", cmd_impacts, "social impacts of one site on one community (nine dimensions)", 1},
    {"econ", cmd_econ, "input-output multipliers of a regional table (upper bound)", 0},
    {"region", cmd_region, "a district of small mines: cumulative impacts, plant sequencing", 1},
    {"mine", cmd_mine, "draft a mine file from a stored deposit (Taylor's rule, cost model)", 1},
    {"sweep", cmd_sweep, "draft and value every screened deposit under many scenarios (EU-wide)", 1},
    {"report", cmd_report, "the whole chain for a region as one HTML and PDF report", 1},
    {"serve", cmd_serve, "the community meeting's web app: map, what-ifs, residents' answers", 1},
    {NULL, NULL, NULL, 0}};

static void usage(FILE *f) {
  fprintf(f,
          "usage: soso [--db PATH] [--data-dir DIR] [--quiet] [--verbose] COMMAND [ARGS]\n"
          "       soso --version | --help\n\n"
          "Decision support for modern small-scale mining (SSM) in Europe.\n\n"
          "Commands, in pipeline order:\n");
  for (const command *c = k_commands; c->name; c++) fprintf(f, "  %-10s %s\n", c->name, c->summary);
  fprintf(f, "\nGlobal options:\n"
             "  --db PATH   the store (default $SOSO_DB, else ./soso.db)\n"
             "  --data-dir DIR  the shipped data folder (default $SOSO_DATA_DIR, else\n"
             "              PREFIX/share/soso, else the source tree's data/)\n"
             "  --quiet     no progress output on stderr\n"
             "  --verbose   every warning in full (e.g. each flagged row of an import)\n"
             "Run 'soso COMMAND --help' for a command's options.\n"
             "Exit status: 0 success, 1 runtime or data error, 2 usage error.\n");
}

/* "version N" of a shipped YAML file, checked by its own loader. */
static void print_rules_version(const char *label, const char *path, int ok) {
  FILE *f = fopen(path, "r");
  char line[256];
  long v = -1;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "version: %ld", &v) == 1) break; /* a top-level key, column 0 */
  if (f) fclose(f);
  printf("%-10s %s: format version %ld%s\n", label, path, v, ok ? "" : " (does not load)");
}

static int version(void) {
  printf("soso %s\n", SOSO_VERSION_STRING);
  char dir[4096];
  if (soso_data_dir_find(dir, sizeof dir, NULL) < 0) {
    printf("data       %s\n", soso_error_last());
    return CLI_ERR;
  }
  char path[4200], line[128] = "";
  snprintf(path, sizeof path, "%s/VERSION", dir);
  FILE *f = fopen(path, "r");
  if (!f || !fgets(line, sizeof line, f)) snprintf(line, sizeof line, "unknown (no VERSION file)");
  if (f) fclose(f);
  line[strcspn(line, "\n")] = '\0';
  printf("data       %s (version %s)\n", dir, line);
  soso_rules *r = NULL;
  soso_cumrules *cr = NULL;
  int ok1 = soso_impacts_rules_load(&r, soso_impacts_rules_default_path()) == 0;
  int ok2 = soso_region_cumrules_load(&cr, soso_region_cumrules_default_path()) == 0;
  print_rules_version("rules", soso_impacts_rules_default_path(), ok1);
  print_rules_version("cumulative", soso_region_cumrules_default_path(), ok2);
  soso_impacts_rules_free(r);
  soso_region_cumrules_free(cr);
  printf("catalogs   %s\n", soso_i18n_localedir_builtin());
  printf("web app    %s (catalogs %s)\n", soso_serve_web_dir(), soso_serve_po_dir());
  return ok1 && ok2 ? CLI_OK : CLI_ERR;
}

int main(int argc, char **argv) {
  cli_ctx ctx = {0};
  cli_cleanup_on_signals();
  const char *env = getenv("SOSO_DB");
  ctx.db_path = (env && *env) ? env : "soso.db";

  /* Take the global options out of argv wherever they are (up to "--"). */
  int n = 1;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) {
      while (i < argc) argv[n++] = argv[i++];
      break;
    }
    if (strcmp(argv[i], "--db") == 0) {
      if (i + 1 >= argc) return cli_usage("", "--db needs a PATH");
      ctx.db_path = argv[++i];
    } else if (strncmp(argv[i], "--db=", 5) == 0) {
      ctx.db_path = argv[i] + 5;
    } else if (strcmp(argv[i], "--data-dir") == 0 || strncmp(argv[i], "--data-dir=", 11) == 0) {
      const char *dir = argv[i][10] == '=' ? argv[i] + 11 : i + 1 < argc ? argv[++i] : NULL;
      char found[4096];
      if (!dir) return cli_usage("", "--data-dir needs a DIR");
      if (soso_data_dir_find(found, sizeof found, dir) < 0) return cli_fail();
      /* the library's one lookup reads $SOSO_DATA_DIR: the option wins over it */
      if (setenv("SOSO_DATA_DIR", found, 1) != 0) return cli_usage("", "--data-dir: cannot set");
    } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
      ctx.quiet = 1;
    } else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0) {
      ctx.verbose = 1;
    } else {
      argv[n++] = argv[i];
    }
  }
  argc = n;
  argv[argc] = NULL;
  ctx.progress = !ctx.quiet && isatty(STDERR_FILENO);

  if (argc < 2) {
    usage(stderr);
    return CLI_USAGE;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "help") == 0) {
    usage(stdout);
    return CLI_OK;
  }
  if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) return version();
  const char *names[sizeof k_commands / sizeof k_commands[0]];
  size_t n_names = 0;
  for (const command *c = k_commands; c->name; c++) {
    names[n_names++] = c->name;
    if (strcmp(argv[1], c->name) != 0) continue;
    int wants_help = argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0);
    if (c->data && !wants_help && !soso_data_dir()) return cli_fail();
    return c->run(&ctx, argc - 1, argv + 1);
  }
  const char *near = soso_suggest(argv[1], names, n_names);
  if (near)
    return cli_usage("", "unknown command '%s' (did you mean '%s'?)", argv[1], near);
  if (argv[1][0] == '-') return cli_usage("", "unknown option '%s'", argv[1]);
  fprintf(stderr, "soso: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return CLI_USAGE;
}
