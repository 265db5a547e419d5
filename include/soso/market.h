/* market.h - metal price histories, calibrated price models, correlated scenarios.
 *
 * Two measures are kept apart by the type system (the market issue, point 4):
 *  - soso_pmodel: real-world (physical, P) dynamics as calibrated to history. Use it
 *    for statistics of what will happen: months a mine runs, jobs, cash flow.
 *  - soso_qmodel: risk-neutral (Q) dynamics: drift from the interest rate less a
 *    convenience yield (GBM), or the long-run level shifted by the market price of
 *    risk (log-OU, Schwartz 1997). Use it for valuation only.
 * A function that values takes a soso_qmodel; one that forecasts takes a
 * soso_pmodel; the only bridge is soso_market_qmodel_from_pmodel, which must be given the
 * interest rate and the risk adjustment explicitly.
 *
 * Factor models, time in years, parameters annualised:
 *  - GBM: dS/S = mu dt + sigma dW.
 *  - OU in the log price (Schwartz 1997, model 1): X = ln S,
 *    dX = kappa (alpha - X) dt + sigma dW.
 * Both are simulated by their exact discretisation, so the step size is free.
 * Under Q a GBM has mean s0 exp((r - delta) t) and an OU the level
 * alpha - lambda/kappa; tests/market/test_paths.c checks both by simulation.
 *
 * Code: src/market/paths.c (simulation), qmodel.c (P -> Q), price_parse.c and
 * price_store.c (the price store), calibrate_gbm.c and calibrate_ou.c (maximum
 * likelihood), fit.c (innovations), market_model.c (several commodities,
 * correlation).
 */
#ifndef SOSO_MARKET_H
#define SOSO_MARKET_H

#include "soso/rng.h"
#include "soso/sink.h"

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
int soso_market_qmodel_from_pmodel(soso_qmodel *out, const soso_pmodel *p, double r,
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
int soso_market_pmodel_paths(const soso_pmodel *m, const soso_rng *rng, size_t first_path,
                      size_t n_paths, size_t n_steps, double dt, double *out);
int soso_market_qmodel_paths(const soso_qmodel *m, const soso_rng *rng, size_t first_path,
                      size_t n_paths, size_t n_steps, double dt, double *out);

/* The same, split across n_threads OpenMP threads (0: the OpenMP default). Every
 * path depends only on its index, so the output is bit-for-bit that of the
 * single-threaded functions whatever n_threads is. Allocates nothing. */
int soso_market_pmodel_paths_mt(const soso_pmodel *m, const soso_rng *rng, size_t first_path,
                         size_t n_paths, size_t n_steps, double dt, double *out,
                         int n_threads);
int soso_market_qmodel_paths_mt(const soso_qmodel *m, const soso_rng *rng, size_t first_path,
                         size_t n_paths, size_t n_steps, double dt, double *out,
                         int n_threads);

/* Months ------------------------------------------------------------------
 * A month is an int, 12 * year + (month - 1), so consecutive months differ by 1. */

/* Parses "YYYY-MM", "YYYY-MM-DD" (the day is ignored) or the Pink Sheet's
 * "YYYYMmm" (1960M01) into *out. Years 1000-2999. Returns 0 or SOSO_EDATA (no
 * message is set: callers know the file and line). */
int soso_market_month_parse(int *out, const char *s);

/* Writes "YYYY-MM" (8 bytes with the NUL) into buf. */
void soso_market_month_format(char buf[8], int month);

/* The price store ---------------------------------------------------------- */
typedef struct soso_store soso_store;

/* What an import stored. */
typedef struct soso_prices_import_info {
  int wide;          /* 1: Pink Sheet layout (month + one column per commodity), 0: long
                        or index */
  int index;         /* 1: index layout, date,index[,inflation] (one series named after
                        the file: the US CPI-U of ../shared/data) */
  size_t n_series;   /* commodities stored (each replaces any earlier series) */
  size_t n_obs;      /* monthly prices stored */
  long long batch;   /* the import_batch row */
} soso_prices_import_info;

/* Imports a price file into the store, whole or not at all (one transaction).
 * Layouts: wide, a header `month,COMMODITY,...` with months as 1960M01 or 1960-01
 * and one column per World Bank Pink Sheet commodity (the unit comes from the Pink
 * Sheet: US$/t; GOLD, PLATINUM, SILVER US$/troy oz; IRON_ORE US$/dmt); or long,
 * `date,commodity,price[,unit[,currency]]`; or index, `date,index[,inflation]` (one
 * series in unit "index" named after the file's stem in capitals, the inflation
 * column not read). Empty, ".." and "…" are missing values.
 * Errors (SOSO_EDATA, "FILE:LINE: key: reason"): a value that is not a number or
 * not positive, a duplicated or out-of-order month, an unknown unit or currency, a
 * row with the wrong number of fields. Known units: US$/t, US$/dmt, US$/troy oz,
 * US$/kg, US$/lb, EUR/t, EUR/kg, EUR/troy oz, index (deflators). info may be NULL.
 * A commodity already in the store is replaced by the file's series. */
int soso_market_prices_import(soso_store *store, const char *path, soso_prices_import_info *info);

/* One stored series, for listing. */
typedef struct soso_price_info {
  char commodity[SOSO_NAME_MAX]; /* e.g. "ZINC" */
  char unit[SOSO_NAME_MAX];      /* e.g. "US$/t" */
  char currency[8];              /* "USD", "EUR", "" for an index */
  char source[256];              /* file it was imported from (truncated) */
  long long batch;               /* import_batch id */
  int first, last;               /* months of the first and last observation */
  size_t n;                      /* observations */
} soso_price_info;

/* Lists the stored series sorted by commodity. *out (n entries) is the caller's
 * to free(); NULL when there are none. */
int soso_market_prices_list(soso_price_info **out, size_t *n, soso_store *store);

/* A monthly series without gaps. */
typedef struct soso_price_series {
  char commodity[SOSO_NAME_MAX]; /* e.g. "ZINC" */
  char unit[SOSO_NAME_MAX];      /* e.g. "US$/t" */
  char currency[8];              /* "USD", ... */
  int first;                     /* month of price[0] */
  size_t n;                      /* observations, months first .. first + n - 1 */
  double *price;                 /* n prices (owned, free with soso_market_price_series_clear) */
} soso_price_series;

/* Loads commodity's prices for months from..to (inclusive; from < 0: from the
 * first observation, to < 0: to the last). Fails with SOSO_ENOTFOUND for an
 * unknown commodity, SOSO_EDATA when a month inside the window is missing or the
 * window holds fewer than 2 prices. Free with soso_market_price_series_clear. */
int soso_market_prices_load(soso_price_series *out, soso_store *store, const char *commodity,
                     int from, int to);

/* Loads a stored deflator (price index) whole: months missing from the store are
 * NaN, and soso_market_prices_deflate fails only if a window it deflates needs one.
 * Errors as soso_market_prices_load. */
int soso_market_prices_load_index(soso_price_series *out, soso_store *store, const char *name);

/* Reads a deflator (price index) from a file in any import layout (also
 * date,index[,inflation]); the file must hold exactly one series. Months missing from
 * the file are NaN, as in soso_market_prices_load_index. Nothing is stored. */
int soso_market_prices_read_series(soso_price_series *out, const char *path);

/* Real prices: divides s by the deflator month by month and rebases to the
 * deflator's value in s's last month, so prices are in money of that month.
 * SOSO_EDATA if the deflator does not cover s's months, has no value (NaN) for one
 * of them, or is not positive. The
 * unit gains the suffix " real". */
int soso_market_prices_deflate(soso_price_series *s, const soso_price_series *deflator);

/* Frees the prices of s (not s itself); NULL-safe. */
void soso_market_price_series_clear(soso_price_series *s);

/* Calibration ----------------------------------------------------------------
 * Exact-discretisation maximum likelihood on monthly (or any equally spaced, dt
 * years apart) prices, conditional on the first price:
 *  - GBM: log returns r = ln S(t+dt) - ln S(t) ~ N((mu - sigma^2/2) dt, sigma^2 dt).
 *  - log-OU: X(t+dt) = a + b X(t) + e, e ~ N(0, v), b = exp(-kappa dt),
 *    a = alpha (1 - b), v = sigma^2 (1 - b^2) / (2 kappa): an AR(1) whose
 *    conditional MLE is least squares.
 * Standard errors: the analytic observed information at the MLE, in the natural
 * parameters ((m, s^2) for GBM, (a, b, v) for OU, where it is block-diagonal),
 * carried to (mu, sigma) and (kappa, alpha, sigma) by the delta method. */
typedef struct soso_fit {
  soso_price_kind kind; /* GBM or OU */
  size_t n;             /* transitions in the likelihood (prices - 1) */
  double dt;            /* years between observations */
  double mu;            /* GBM drift of dS/S (per year) */
  double kappa;         /* OU speed of mean reversion (per year) */
  double alpha;         /* OU long-run mean of ln S */
  double sigma;         /* volatility (per sqrt year) */
  double se_mu, se_kappa, se_alpha, se_sigma; /* standard errors (0 if not fitted) */
  double loglik;        /* maximised log-likelihood */
  double aic;           /* 2 k - 2 loglik (k = 2 for GBM, 3 for OU) */
} soso_fit;

/* Fits the model of kind to n >= 3 (OU: 4) positive prices dt years apart.
 * OU: an AR(1) slope b > 1 gives kappa < 0, i.e. no mean reversion in the window;
 * the fit is returned as it is (with standard errors) but cannot be simulated.
 * Fails with SOSO_ENUMERIC if b <= 0 or b == 1 or the prices do not vary,
 * SOSO_EDATA for a non-positive price, SOSO_EUSAGE for dt <= 0 or NULL. */
int soso_market_fit_gbm(soso_fit *out, const double *price, size_t n, double dt);
int soso_market_fit_ou(soso_fit *out, const double *price, size_t n, double dt);
int soso_market_fit_model(soso_fit *out, soso_price_kind kind, const double *price, size_t n,
                   double dt);

/* Standardised innovations of the fitted model, n - 1 values into out[0..n-2]:
 * GBM (r - (mu - sigma^2/2) dt) / (sigma sqrt(dt)); OU (X' - a - b X) / sqrt(v). */
int soso_market_fit_residuals(double *out, const soso_fit *fit, const double *price, size_t n);

/* Several commodities --------------------------------------------------------- */

/* The calibrated real-world model of n commodities from the store: each factor is
 * fitted (kind) over the common window (the months all series have, within
 * from..to, as in soso_market_prices_load), the correlation is that of the standardised
 * innovations over that window, and s0 is the last price in it; dt = 1/12. fits
 * (may be NULL) receives the n fits; window (may be NULL) the first and last
 * month used. Errors as soso_market_prices_load and soso_market_fit_model, and SOSO_EDATA
 * when the innovation correlation is not positive definite. */
int soso_market_pmodel(soso_pmodel *out, soso_store *store, const char *const *commodities,
                       int n, soso_price_kind kind, const char *from, const char *to);

/* Lower Cholesky factor l (n x n, row-major, zeros above the diagonal) of a
 * correlation or covariance matrix a, computed with GSL after a
 * positive-definiteness check (so GSL's aborting error handler is never reached).
 * Returns SOSO_EDATA if a is not symmetric positive definite. */
int soso_market_cholesky(double *l, const double *a, int n);

/* The same with options: deflator (NULL: nominal) divides every series first
 * (soso_market_prices_deflate); fits and window may be NULL. from/to are months (< 0:
 * open). */
int soso_market_pmodel_ex(soso_pmodel *out, soso_fit *fits, int window[2],
                          soso_store *store, const char *const *commodities, int n,
                          soso_price_kind kind, int from, int to,
                          const soso_price_series *deflator);

/* JSON renderings (README.md "Prices"), through a writer, each with a final newline:
 * the stored series (`soso prices list --format json`); n fits, fits[i] over the
 * months of series[i] (only commodity, unit, first and n are read; one object for
 * n = 1, else an array; deflator: the deflator's name or NULL); the correlation of
 * a calibrated model with its fits and common window, and its Cholesky factor. */
int soso_market_prices_list_json(const soso_price_info *v, size_t n, soso_write_fn write,
                          void *closure);
int soso_market_fits_json(const soso_fit *fits, const soso_price_series *series, size_t n,
                   const char *deflator, soso_write_fn write, void *closure);
int soso_market_correlation_json(const soso_pmodel *pm, const soso_fit *fits,
                                 const int window[2], const char *deflator,
                                 soso_write_fn write, void *closure);

#ifdef __cplusplus
}
#endif
#endif
