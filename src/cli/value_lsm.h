/* value_lsm.h - `soso value --method lsm`: the least-squares Monte Carlo branch of
 * cmd_value.c (several price factors; no thresholds). */
#ifndef SOSO_CLI_VALUE_LSM_H
#define SOSO_CLI_VALUE_LSM_H

#include "soso/mine.h"

#include <stddef.h>
#include <stdint.h>

/* Values m by the LSM solver (lsm.h) at the file's prices, or - one factor only -
 * at each of prices[0..n_prices-1]; prints table or JSON. Returns the exit status. */
int value_lsm(const soso_mine *m, const double *prices, size_t n_prices, int json,
              size_t paths, uint64_t seed);

#endif
