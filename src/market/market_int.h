/* market_int.h - private parts shared by the files of src/market/.
 *
 * A path plan is everything a simulation needs that does not change along a path:
 * the per-step coefficients of each factor's exact discretisation and the
 * Cholesky factor of the covariance of one step's shocks. It lives on the stack
 * (n <= SOSO_MAX_FACTORS), so simulating allocates nothing.
 */
#ifndef SOSO_MARKET_INT_H
#define SOSO_MARKET_INT_H

#include "soso/market.h"

#include <stddef.h>

typedef struct soso__plan {
  int n;                                             /* number of factors */
  int ou[SOSO_MAX_FACTORS];                          /* 1: log-OU, 0: GBM */
  double x0[SOSO_MAX_FACTORS];                       /* ln s0 */
  double drift[SOSO_MAX_FACTORS];                    /* GBM: (mu - sigma^2/2) dt */
  double b[SOSO_MAX_FACTORS];                        /* OU: exp(-kappa dt) */
  double alpha[SOSO_MAX_FACTORS];                    /* OU: long-run mean of ln S */
  double chol[SOSO_MAX_FACTORS * SOSO_MAX_FACTORS];  /* lower Cholesky factor, row-major */
  size_t blocks_per_step;                            /* Philox blocks drawn per step */
} soso__plan;

/* Checks a dynamics (1 <= n <= SOSO_MAX_FACTORS, finite positive s0, sigma >= 0,
 * kappa > 0 for OU, corr symmetric with unit diagonal and positive definite).
 * what names the caller in the error message. */
int soso__dynamics_check(const soso_dynamics *d, const char *what);

/* Builds the plan for steps of dt years; fails (SOSO_EDATA) if the one-step
 * covariance is not positive definite. */
int soso__plan_make(soso__plan *plan, const soso_dynamics *d, double dt);

/* Simulates paths first_path .. first_path + n_paths - 1 into out (layout of
 * soso_market_pmodel_paths). Cannot fail once the plan is made; allocates nothing. */
void soso__plan_run(const soso__plan *plan, const soso_rng *rng, size_t first_path,
                    size_t n_paths, size_t n_steps, double *out);

/* Lower Cholesky factor of the n x n symmetric matrix a (row-major) into l, with a
 * positive-definiteness check first: GSL's own check calls its error handler,
 * which aborts by default, and the library must never abort. Returns SOSO_EDATA
 * naming what if a is not positive definite. */
int soso__cholesky(double *l, const double *a, int n, const char *what);

/* One fit as the JSON object of `soso prices calibrate` (for library renderers that
 * record the estimates behind a price model). */
typedef struct json_t json_t;
json_t *soso__fit_json(const soso_fit *f, const soso_price_series *s, const char *deflator);

/* Adds "prices" (soso_factor_origins_json) to o when a factor came from the store:
 * which series, window and estimates a mine's or region's prices rest on. */
struct soso_factor_origins;
void soso__json_add_origin(json_t *o, const struct soso_factor_origins *origin,
                           const soso_dynamics *d);

#endif
