/* factor_int.h - the one reader of price factors, shared by the mine file
 * (valuation/mine.c, `prices:`) and the region file (region/region_file.c,
 * `market:`), over the project's YAML layer (core/ydoc.c).
 *
 * Invariants after a successful soso__factors_read: d passes the market module's
 * checks (soso__dynamics_check), every factor has an origin (file, line, and for
 * from_store factors the fitted series, window and estimates), delta and lambda
 * hold the Q adjustments (0 where not given). Errors are one line
 * "FILE:LINE: KEY: reason" with KEY the factor's full path in the file
 * ("prices.factors[1].sigma", "market.commodities[0].from_store.window").
 */
#ifndef SOSO_MARKET_FACTOR_INT_H
#define SOSO_MARKET_FACTOR_INT_H

#include "core/ydoc_int.h"
#include "soso/factor.h"
#include "soso/market.h"

/* What a file's factor section is and how strict to be. */
typedef struct soso__factors_in {
  soso__ydoc *doc;        /* the parsed file */
  yaml_node_t *section;   /* the mapping that holds the list and the correlation */
  const char *section_key;/* its name for messages: "prices", "market" */
  const char *list_key;   /* key of the list: "factors", "commodities" */
  soso_store *store;      /* price store for from_store (NULL: none open) */
  int need_q;             /* 1: convenience_yield (gbm) and lambda (ou) are required
                             when the factor states its parameters (mine files) */
} soso__factors_in;

/* Reads the list and the correlation of in->section into d (n factors), delta
 * and lambda (SOSO_MAX_FACTORS each, zeroed first) and o. Correlation: given,
 * or, when left out, the identity for one factor, the correlation of the store's
 * standardised innovations over the factors' common window when every factor is
 * from_store, and an error otherwise. Returns 0 or SOSO_EDATA / SOSO_ENOMEM. */
int soso__factors_read(soso_dynamics *d, double *delta, double *lambda, soso_factor_origins *o,
                       const soso__factors_in *in);

/* 1 if factors a and b have the same real-world dynamics (kind, s0, mu or kappa
 * and alpha, sigma; relative difference below 1e-9, which only rounding of a
 * printed number reaches). */
int soso__factor_same(const soso_factor *a, const soso_factor *b);

/* soso_market_pmodel_ex with one kind per commodity (kinds[i]); the one estimator
 * behind `soso prices calibrate --correlation` and from_store correlations. */
int soso__market_pmodel_kinds(soso_pmodel *out, soso_fit *fits, int window[2],
                              soso_store *store, const char *const *commodities,
                              const soso_price_kind *kinds, int n, int from, int to,
                              const soso_price_series *deflator);

#endif
