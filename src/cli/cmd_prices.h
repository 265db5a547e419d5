/* cmd_prices.h - what the files of `soso prices` share (cmd_prices.c, the
 * subcommand dispatcher with import/list/calibrate, and cmd_prices_sim.c). */
#ifndef SOSO_CMD_PRICES_H
#define SOSO_CMD_PRICES_H

#include "cli/cli.h"
#include "soso/market.h"

/* --from/--to: parses a month; prints a usage error and returns CLI_USAGE. */
int prices_opt_month(const char *cmd, const char *opt, const char *s, int *out);

/* Splits a comma list in place into at most max names; usage error if empty, too
 * many or repeated. */
int prices_split_list(const char *cmd, char *s, const char **names, int max, int *n);

/* --deflator FILE|COMMODITY: a readable file is read as one series, otherwise the
 * commodity is loaded from the store (whole). Prints the error; returns CLI_*. */
int prices_deflator(soso_price_series *out, soso_store *store, const char *arg);

/* model name "gbm"/"ou" to kind, 0 if neither. */
soso_price_kind prices_model_kind(const char *s);

int cmd_prices_simulate(cli_ctx *ctx, int argc, char **argv);

#endif
