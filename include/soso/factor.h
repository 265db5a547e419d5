/* factor.h - where a price factor's numbers came from: stated in a file, or
 * calibrated from the price store (`from_store`).
 *
 * One price-factor schema serves mine files (`prices: factors:`) and region files
 * (`market: commodities:`); one reader (src/market/factor_yaml.c) loads both. A
 * factor either states its parameters (s0, sigma, mu | kappa, alpha or
 * long_run_price) or says
 *     from_store: {commodity: ZINC, model: gbm, window: 1990-01..latest}
 * and is then fitted by the estimator of `soso prices calibrate` (soso_market_fit_model on
 * the stored monthly series over that window, dt = 1/12), with s0 the latest
 * stored price unless the file gives s0. A soso_factor_origins records, per
 * factor, the file and line that stated it and, for calibrated factors, the
 * series, window and estimates with their standard errors, so every output can say
 * which numbers it used.
 */
#ifndef SOSO_FACTOR_H
#define SOSO_FACTOR_H

#include "soso/market.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { SOSO_FACTOR_FILE_MAX = 256 };

/* The origin of one factor. */
typedef struct soso_factor_origin {
  char file[SOSO_FACTOR_FILE_MAX]; /* file that states the factor */
  int line;                        /* its line there */
  int from_store;                  /* 1: calibrated from the store, 0: stated */
  char series[SOSO_NAME_MAX];      /* stored commodity fitted (from_store) */
  int first, last;                 /* months of the fitted window (from_store) */
  soso_fit fit;                    /* the estimates and standard errors (from_store) */
  int s0_stated;                   /* 1: s0 given in the file */
  int s0_month;                    /* month of the stored s0 (from_store, not stated) */
} soso_factor_origin;

/* The origin of a set of factors (a mine's or a region's market). */
typedef struct soso_factor_origins {
  int n;                                   /* factors */
  soso_factor_origin f[SOSO_MAX_FACTORS];  /* one per factor, in factor order */
  int corr_estimated;                      /* 1: correlation of the store's innovations */
  int corr_first, corr_last;               /* its common window (months) */
} soso_factor_origins;

/* 1 if any factor of o was calibrated from the store. NULL-safe (0). */
int soso_factor_origins_uses_store(const soso_factor_origins *o);

/* Writes o (with the factors' parameters from d) as one JSON object into *out
 * (malloc'd, NUL-terminated; the caller frees):
 *   {"factors": [{"commodity", "model", "source": "file"|"store", "file", "line",
 *                 "s0", "s0_source": "file"|"store", "s0_month", "params": {...},
 *                 "series", "window": {"from", "to"}, "n", "stderr": {...}}],
 *    "correlation_source": "file"|"store"|"single factor",
 *    "correlation_window": {"from", "to"} (when estimated)}
 * Returns 0, SOSO_EUSAGE (NULL arguments) or SOSO_ENOMEM. */
int soso_factor_origins_json(char **out, const soso_factor_origins *o, const soso_dynamics *d);

/* The label of today's price on a price chart, in the reader's language, made from
 * the numbers: s0 with its unit, and where it came from - the month of the stored
 * price when it is the latest stored one ("latest price (2025-10): 2650 US$/t"),
 * or, when a file states s0 (which carries no date), "today's price: 2650 US$/t".
 * o may be NULL (taken as stated in a file). Always NUL-terminates buf (n >= 1); returns buf. */
char *soso_factor_s0_label(char *buf, size_t n, const soso_factor *f,
                           const soso_factor_origin *o);

#ifdef __cplusplus
}
#endif
#endif
