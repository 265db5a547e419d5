/* main.c - the soso command: global options, then dispatch to one subcommand.
 *
 * The table below is the pipeline in the order a user meets it. A command that is
 * not built yet is simply absent from the table (no stubs).
 */
#include "cli/cli.h"
#include "soso/error.h"
#include "soso_version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct command {
  const char *name;                          /* as typed */
  int (*run)(cli_ctx *, int, char **);       /* the command's entry point */
  const char *summary;                       /* one line for `soso --help` */
} command;

static const command k_commands[] = {
    {"deposits", cmd_deposits, "import, list and show deposits (CSV, GeoPackage, ...)"},
    {"screen", cmd_screen, "deposits meeting SSM filters: grade, tonnage, CRM, ..."},
    {"districts", cmd_districts, "group screened deposits into districts one plant could serve"},
    {"map", cmd_map, "map screened deposits and districts on Europe (PNG, SVG, PDF)"},
    {"prices", cmd_prices, "import, calibrate and simulate metal prices"},
    {"value", cmd_value, "value a switch-on/switch-off mine: thresholds, NPV, flexibility"},
    {"simulate", cmd_simulate, "follow the mine's policy on real-world prices: months open, jobs"},
    {"impacts", cmd_impacts, "social impacts of one site on one community (nine dimensions)"},
    {"econ", cmd_econ, "input-output multipliers of a regional table (upper bound)"},
    {"region", cmd_region, "a district of small mines: cumulative impacts, plant sequencing"},
    {"mine", cmd_mine, "draft a mine file from a stored deposit (Taylor's rule, cost model)"},
    {"sweep", cmd_sweep, "draft and value every screened deposit under many scenarios (EU-wide)"},
    {"report", cmd_report, "the whole chain for a region as one HTML and PDF report"},
    {NULL, NULL, NULL}};

static void usage(FILE *f) {
  fprintf(f,
          "usage: soso [--db PATH] [--quiet] COMMAND [ARGS]\n"
          "       soso --version | --help\n\n"
          "Decision support for modern small-scale mining (SSM) in Europe.\n\n"
          "Commands, in pipeline order:\n");
  for (const command *c = k_commands; c->name; c++) fprintf(f, "  %-10s %s\n", c->name, c->summary);
  fprintf(f, "\nGlobal options:\n"
             "  --db PATH   the store (default $SOSO_DB, else ./soso.db)\n"
             "  --quiet     no progress output on stderr\n"
             "Run 'soso COMMAND --help' for a command's options.\n"
             "Exit status: 0 success, 1 runtime or data error, 2 usage error.\n");
}

int main(int argc, char **argv) {
  cli_ctx ctx = {0};
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
    } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
      ctx.quiet = 1;
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
  if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
    printf("soso %s\n", SOSO_VERSION_STRING);
    return CLI_OK;
  }
  for (const command *c = k_commands; c->name; c++)
    if (strcmp(argv[1], c->name) == 0) return c->run(&ctx, argc - 1, argv + 1);
  fprintf(stderr, "soso: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return CLI_USAGE;
}
