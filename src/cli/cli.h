/* cli.h - what the command-line front end's files share.
 *
 * One file per command (src/cli/cmd_<name>.c), each exporting
 * `int cmd_<name>(cli_ctx *ctx, int argc, char **argv)` where argv[0] is the
 * command's name. Exit status: 0 success, 1 runtime or data error, 2 usage error.
 * Global options (--db PATH, --quiet) are taken out of argv by main before the
 * command sees it, wherever they appear.
 */
#ifndef SOSO_CLI_H
#define SOSO_CLI_H

#include "soso/store.h"

#include <stdio.h>

enum { CLI_OK = 0, CLI_ERR = 1, CLI_USAGE = 2 };

typedef struct cli_ctx {
  const char *db_path; /* --db, else $SOSO_DB, else ./soso.db */
  int quiet;           /* --quiet: no progress or chatter on stderr */
  int progress;        /* show progress: stderr is a terminal and not quiet */
  int verbose;         /* --verbose: every warning in full */
} cli_ctx;

/* Prints "soso: <last library error>" and returns the exit status for it (2 for
 * SOSO_EUSAGE, 1 otherwise). */
int cli_fail(void);

/* Prints "soso <cmd>: <message>" and a hint to --help; returns CLI_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* For getopt_long's '?' (call with opterr = 0 set before parsing): prints one line
 * "soso <cmd>: unknown option or missing value: <the offending argument>" and
 * returns CLI_USAGE. */
int cli_bad_option(const char *cmd, int argc, char **argv);

/* The same, naming the closest long option of opts ("did you mean --commodity?")
 * or saying that a known option lacks its value. */
struct option;
int cli_bad_option_in(const char *cmd, int argc, char **argv, const struct option *opts);

/* Opens the store named by ctx; on failure prints the error and returns 1. */
int cli_open_store(const cli_ctx *ctx, soso_store **out);
/* Opens the store read-only for a command that only reads: a store that does not
 * exist is an error (exit 1), never created; a running import is not waited for. */
int cli_open_store_read(const cli_ctx *ctx, soso_store **out);
/* Writes s with control characters (C0, DEL, C1) as '?': text from input files
 * never reaches a terminal as an escape sequence. */
void cli_put_clean(FILE *f, const char *s);
/* SIGINT, SIGTERM and SIGHUP remove the temporary output files, then end the
 * process as the signal would. */
void cli_cleanup_on_signals(void);

/* Opens the store named by ctx when that file exists (*out NULL otherwise, and
 * CLI_OK): for commands whose input files may take prices from_store. */
int cli_open_store_for_files(const cli_ctx *ctx, soso_store **out);

struct soso_factor_origins;
struct soso_dynamics;
/* The same as text lines ("prices: ZINC gbm from the store, ...") on f. */
void cli_print_origin(FILE *f, const struct soso_factor_origins *origin,
                      const struct soso_dynamics *d);

/* Writes a mine file's text to path through a temporary name in the same folder,
 * after the mine loader (with store) accepted the temporary file; nothing is left
 * behind on failure (cmd_mine.c; also used by `region draft`). */
int cli_write_checked_mine(const char *path, const char *text, soso_store *store);

/* Progress line on stderr ("\r<what> 45%"), only when ctx->progress. done == total
 * ends the line. */
void cli_progress(const cli_ctx *ctx, const char *what, long done, long total);

/* Parses a number option; on failure prints a usage error naming the option and
 * returns CLI_USAGE, else 0. */
int cli_parse_double(const char *cmd, const char *opt, const char *s, double *out);
int cli_parse_long(const char *cmd, const char *opt, const char *s, long *out);

/* 1 if s is one of the |-separated words in choices ("table|csv|json"), or the
 * American spelling of one ("optimized" for "optimised"). */
int cli_is_choice(const char *s, const char *choices);

/* " (did you mean \"json\"?)" for the closest choice, or ""; returns out. */
const char *cli_choice_hint(char *out, size_t n, const char *s, const char *choices);

/* The commands. */
int cmd_deposits(cli_ctx *ctx, int argc, char **argv);
int cmd_screen(cli_ctx *ctx, int argc, char **argv);
int cmd_districts(cli_ctx *ctx, int argc, char **argv);
int cmd_map(cli_ctx *ctx, int argc, char **argv);
int cmd_prices(cli_ctx *ctx, int argc, char **argv);
int cmd_value(cli_ctx *ctx, int argc, char **argv);
int cmd_simulate(cli_ctx *ctx, int argc, char **argv);
int cmd_impacts(cli_ctx *ctx, int argc, char **argv);
int cmd_econ(cli_ctx *ctx, int argc, char **argv);
int cmd_region(cli_ctx *ctx, int argc, char **argv);
int cmd_report(cli_ctx *ctx, int argc, char **argv);
int cmd_mine(cli_ctx *ctx, int argc, char **argv);
int cmd_sweep(cli_ctx *ctx, int argc, char **argv);
int cmd_region_draft(cli_ctx *ctx, int argc, char **argv); /* `soso region draft` */
int cmd_survey(cli_ctx *ctx, int argc, char **argv);
int cmd_serve(cli_ctx *ctx, int argc, char **argv);

#endif
