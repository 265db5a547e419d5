/* market.h - metal price histories, calibrated price models, correlated scenarios.
 *
 * Two measures are kept apart by the type system (the market issue, point 4):
 *  - soso_pmodel: real-world (physical, P) dynamics as calibrated to history. Use it
 *    for statistics of what will happen: months a mine runs, jobs, cash flow.
 *  - soso_qmodel: risk-neutral (Q) dynamics: drift from the interest rate less a
 *    convenience yield (GBM), or the long-run level shifted by the market price of
 *    risk (log-OU, Schwartz 1997). Use it for valuation only.
 * A function that values takes a soso_qmodel; one that forecasts takes a
 * soso_pmodel; the only bridge is soso_qmodel_from_pmodel, which must be given the
 * interest rate and the risk adjustment explicitly.
 *
 * Factor models, time in years, parameters annualised:
 *  - GBM: dS/S = mu dt + sigma dW.
 *  - OU in the log price (Schwartz 1997, model 1): X = ln S,
 *    dX = kappa (alpha - X) dt + sigma dW.
 * Both are simulated by their exact discretisation, so the step size is free.
 */
#ifndef SOSO_MARKET_H
#define SOSO_MARKET_H

#include "soso/rng.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { SOSO_MAX_FACTORS = 8, SOSO_NAME_MAX = 32 };

typedef enum soso_price_kind { SOSO_PRICE_GBM = 1, SOSO_PRICE_OU = 2 } soso_price_kind;

/* One price factor (one commodity). */
typedef struct soso_factor {
  char name[SOSO_NAME_MAX]; /* commodity, e.g. "ZINC" */
  char unit[SOSO_NAME_MAX]; /* e.g. "US$/t" */
  soso_price_kind kind;     /* GBM or log-OU */
  double s0;                /* price at time 0 */
  double mu;                /* GBM drift (per year) */
  double kappa;             /* OU speed of mean reversion (per year) */
  double alpha;             /* OU long-run mean of ln S */
  double sigma;             /* volatility (per sqrt year) */
} soso_factor;

/* The dynamics of n correlated factors; corr is n x n row-major and compact
 * (element (i, j) at corr[i * n + j]), unit diagonal, positive definite. */
typedef struct soso_dynamics {
  int n;                                            /* number of factors */
  soso_factor f[SOSO_MAX_FACTORS];                  /* the factors */
  double corr[SOSO_MAX_FACTORS * SOSO_MAX_FACTORS]; /* correlation of dW */
} soso_dynamics;

/* Real-world dynamics (for forecasting). */
typedef struct soso_pmodel {
  soso_dynamics d;
} soso_pmodel;

/* Risk-neutral dynamics (for valuation), with the rate used to discount. */
typedef struct soso_qmodel {
  soso_dynamics d;
  double r; /* continuously compounded risk-free rate (per year) */
} soso_qmodel;

/* Builds Q dynamics from P dynamics. r is the risk-free rate. For a GBM factor i
 * the Q drift is r - delta[i] (delta: convenience yields, NULL for 0). For an OU
 * factor the long-run level becomes alpha - lambda[i]/kappa (lambda: market prices
 * of risk, NULL for 0). Volatilities and correlations carry over. */
int soso_qmodel_from_pmodel(soso_qmodel *out, const soso_pmodel *p, double r,
                            const double *delta, const double *lambda);

/* Simulated paths. out has n_paths x (n_steps + 1) x n_factors doubles, laid out
 * [path][step][factor]; step 0 holds s0; dt is the step in years (1/12: monthly).
 * Path k uses rng numbers for path index first_path + k, so a block of paths is
 * the same whichever thread draws it; step t of a path uses Philox blocks
 * t*ceil(n/4) .., so the first steps do not depend on n_steps either.
 * Exact discretisation: the joint one-step shocks of the log prices have covariance
 * rho_ij sigma_i sigma_j (1 - exp(-(k_i+k_j) dt)) / (k_i+k_j) (k = kappa for OU,
 * 0 for GBM), Cholesky-factored once per call (GSL). corr is read compactly,
 * corr[i * n + j]. Returns 0, SOSO_EUSAGE (NULL model/rng/out, dt <= 0, bad n or
 * kind, size overflow) or SOSO_EDATA (s0 <= 0, sigma < 0, OU kappa <= 0, corr not
 * a symmetric positive-definite correlation matrix). Allocates nothing. */
int soso_pmodel_paths(const soso_pmodel *m, const soso_rng *rng, size_t first_path,
                      size_t n_paths, size_t n_steps, double dt, double *out);
int soso_qmodel_paths(const soso_qmodel *m, const soso_rng *rng, size_t first_path,
                      size_t n_paths, size_t n_steps, double dt, double *out);

/* The same, split across n_threads OpenMP threads (0: the OpenMP default). Every
 * path depends only on its index, so the output is bit-for-bit that of the
 * single-threaded functions whatever n_threads is. Allocates nothing. */
int soso_pmodel_paths_mt(const soso_pmodel *m, const soso_rng *rng, size_t first_path,
                         size_t n_paths, size_t n_steps, double dt, double *out,
                         int n_threads);
int soso_qmodel_paths_mt(const soso_qmodel *m, const soso_rng *rng, size_t first_path,
                         size_t n_paths, size_t n_steps, double dt, double *out,
                         int n_threads);

#ifdef __cplusplus
}
#endif
#endif
