/* screen_opts.h - the screening filters as command-line options, shared by
 * `soso screen`, `soso districts` and `soso map`.
 *
 * A command puts SCREEN_LONG_OPTIONS into its getopt_long table and hands every
 * option whose val is >= SCREEN_OPT_BASE to screen_cli_option(). Options are
 * recorded in order; screen_cli_finish() then applies the preset (if any) first
 * and the explicit options after it, so that `--preset figure1 --max-ore-mt 2`
 * tightens the preset whatever the order on the command line.
 *
 *   static const struct option k_opts[] = {
 *       SCREEN_LONG_OPTIONS,
 *       {"format", required_argument, NULL, 'f'},
 *       {"help", no_argument, NULL, 'h'},
 *       {NULL, 0, NULL, 0}};
 *   screen_cli sc; screen_cli_init(&sc);
 *   while ((c = getopt_long(argc, argv, "", k_opts, NULL)) != -1) {
 *     if (c >= SCREEN_OPT_BASE) { if (screen_cli_option(&sc, "districts", c, optarg))
 *       return CLI_USAGE; continue; }
 *     ...
 *   }
 *   soso_screen_opts opts;
 *   if (screen_cli_finish(&sc, "districts", &opts)) return CLI_USAGE;
 */
#ifndef SOSO_CLI_SCREEN_OPTS_H
#define SOSO_CLI_SCREEN_OPTS_H

#include "cli/cli.h"
#include "soso/deposits.h"

#include <getopt.h>
#include <stdio.h>

enum {
  SCREEN_OPT_BASE = 0x1000,
  SCREEN_OPT_COMMODITY = SCREEN_OPT_BASE,
  SCREEN_OPT_MIN_GRADE,
  SCREEN_OPT_MAX_ORE,
  SCREEN_OPT_MIN_ORE,
  SCREEN_OPT_STATUS,
  SCREEN_OPT_COUNTRY,
  SCREEN_OPT_BBOX,
  SCREEN_OPT_CRM,
  SCREEN_OPT_MIN_EQ,
  SCREEN_OPT_NAME,
  SCREEN_OPT_PRESET,
  SCREEN_OPT_KEEP_DUPLICATES,
  SCREEN_OPT_END
};

/* The getopt_long entries of the filters, to put first in a command's table. */
#define SCREEN_LONG_OPTIONS                                              \
  {"commodity", required_argument, NULL, SCREEN_OPT_COMMODITY},          \
  {"min-grade", required_argument, NULL, SCREEN_OPT_MIN_GRADE},          \
  {"max-ore-mt", required_argument, NULL, SCREEN_OPT_MAX_ORE},           \
  {"min-ore-mt", required_argument, NULL, SCREEN_OPT_MIN_ORE},           \
  {"status", required_argument, NULL, SCREEN_OPT_STATUS},                \
  {"country", required_argument, NULL, SCREEN_OPT_COUNTRY},              \
  {"bbox", required_argument, NULL, SCREEN_OPT_BBOX},                    \
  {"crm", required_argument, NULL, SCREEN_OPT_CRM},                      \
  {"min-eq", required_argument, NULL, SCREEN_OPT_MIN_EQ},                \
  {"name", required_argument, NULL, SCREEN_OPT_NAME},                    \
  {"preset", required_argument, NULL, SCREEN_OPT_PRESET},              \
  {"keep-duplicates", no_argument, NULL, SCREEN_OPT_KEEP_DUPLICATES}

enum { SCREEN_CLI_MAX = 64 }; /* options recorded per command line */

typedef struct screen_cli {
  size_t n;                        /* recorded options */
  int opt[SCREEN_CLI_MAX];         /* SCREEN_OPT_* of each */
  const char *arg[SCREEN_CLI_MAX]; /* its argument (points into argv) */
  const char *preset;              /* --preset NAME, NULL if none */
  int keep_duplicates;             /* --keep-duplicates given */
} screen_cli;

/* Empties sc. */
void screen_cli_init(screen_cli *sc);

/* Records one filter option (c = SCREEN_OPT_*, arg = optarg) and checks its
 * syntax at once; on a bad value prints "soso CMD: --opt: what is wrong" and
 * returns CLI_USAGE (2), else 0. */
int screen_cli_option(screen_cli *sc, const char *cmd, int c, const char *arg);

/* Builds the filters: preset first (from the data directory), then the recorded
 * options in order. Prints the error and returns CLI_USAGE (2) for a bad option
 * or an unknown preset, CLI_ERR (1) for an unreadable presets file; else 0. */
int screen_cli_finish(const screen_cli *sc, const char *cmd, soso_screen_opts *out);

/* Prints the filters' help lines (for a command's --help). */
void screen_cli_help(FILE *f);

/* The districts' options of `soso districts` and `soso map`: c 'e' parses
 * --eps-km (a positive distance, km) into *eps, any other c --min-deposits (1 or
 * more) into *minpts. Returns 0, or CLI_USAGE with the message printed. */
int screen_cli_district_opt(const char *cmd, int c, const char *arg, double *eps,
                            size_t *minpts);

/* Opens the store named by ctx, runs the screening opts on it and closes it
 * again (the set does not refer to the store). Prints the error and returns
 * CLI_ERR on failure (*out NULL), else CLI_OK; the caller frees *out. */
int screen_cli_screen(const cli_ctx *ctx, const soso_screen_opts *opts, soso_deposits **out);

/* The format for --out FILE when --format was not given (fmt_given 0): from the
 * extension (.csv, .json, .geojson), else fmt unchanged. */
soso_deposits_format screen_cli_out_format(const char *out, soso_deposits_format fmt,
                                           int fmt_given);

/* Writes an output through write(fp, closure): to stdout when out is NULL, else
 * atomically to the file out (nothing is left behind on failure). Prints the
 * error and returns CLI_ERR (1) on failure, else CLI_OK. */
int screen_cli_emit(const char *out, int (*write)(FILE *fp, const void *closure),
                    const void *closure);

/* The data directory (soso_data_dir(): --data-dir, $SOSO_DATA_DIR, the installed
 * path, the build tree). */
const char *cli_data_dir(void);

#endif
