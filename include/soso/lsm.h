/* lsm.h - least-squares Monte Carlo (Longstaff & Schwartz 2001) for Bermudan and
 * American options on one asset, and the regression bases the LSM solvers share.
 *
 * The engine follows the paper: paths of a geometric Brownian motion under the
 * risk-neutral measure, exercise dates every 1/steps_per_year, and at each date a
 * least-squares regression of the realised discounted future cash flows on a basis
 * of the asset price, over the in-the-money paths only. The basis is the constant
 * and the first weighted Laguerre polynomials exp(-x/2) L_n(x) (the paper's choice,
 * section 2), in the scaled state x = S/K: the unscaled price (x ~ 40) makes
 * exp(-x/2) ~ 1e-9 and the regression numerically singular, and S/K is also what
 * QuantLib's AmericanPathPricer regresses on, so the two engines see the same basis.
 *
 * Invariants: results are a pure function of (option, options struct) - identical
 * bit for bit for any number of OpenMP threads, because path i always draws the
 * counter-based normals of path index i and every sum over paths is formed as
 * per-block partial sums (fixed blocks of SOSO_LSM_BLOCK paths) added in block
 * order. A workspace (soso_lsm) is allocated once and reused; pricing allocates
 * nothing.
 */
#ifndef SOSO_LSM_H
#define SOSO_LSM_H

#include "soso/valuation.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
  SOSO_LSM_BLOCK = 512,  /* paths per reduction block (even: antithetic pairs stay in it) */
  SOSO_BASIS_MAX = 64,   /* most basis functions of one regression */
  SOSO_LAGUERRE_MAX = 6  /* most weighted Laguerre terms */
};

/* Regression bases (basis.c) ------------------------------------------------ */

/* The constant and the first n weighted Laguerre polynomials at x:
 * out[0] = 1, out[1 + j] = exp(-x/2) L_j(x) for j < n (L_0 = 1, L_1 = 1 - x,
 * L_2 = 1 - 2x + x^2/2, ...; Longstaff & Schwartz 2001, eq. 2). n <= SOSO_LAGUERRE_MAX.
 * Returns the number of values written (1 + n). */
size_t soso_lsm_basis_laguerre(double x, size_t n, double *out);

/* All monomials of total degree <= deg in k variables (constant, linear terms,
 * squares and cross products, ...), ordered by degree. Build once, evaluate often. */
typedef struct soso_lsm_poly_basis {
  size_t k;                              /* number of variables */
  int deg;                               /* highest total degree */
  size_t n;                              /* number of terms (out[0] is the constant) */
  unsigned char parent[SOSO_BASIS_MAX];  /* term t = term parent[t] * x[var[t]] */
  unsigned char var[SOSO_BASIS_MAX];     /* the variable that term multiplies in */
  unsigned char last[SOSO_BASIS_MAX];    /* highest variable index in term t */
} soso_lsm_poly_basis;

/* Fills b for k variables (1..8) and degree deg (0..4). Returns 0, or SOSO_EUSAGE
 * when the basis would have more than SOSO_BASIS_MAX terms. */
int soso_lsm_poly_basis_init(soso_lsm_poly_basis *b, size_t k, int deg);

/* Evaluates the b->n terms at x[0..k-1] into out. */
void soso_lsm_poly_basis_eval(const soso_lsm_poly_basis *b, const double *x, double *out);

/* The option engine (lsm.c) -------------------------------------------------- */

typedef enum soso_lsm_payoff { SOSO_LSM_PUT = 1, SOSO_LSM_CALL = 2 } soso_lsm_payoff;

/* A Bermudan option on one GBM asset, exercisable at t = 0 and at every date
 * j / steps_per_year up to maturity. */
typedef struct soso_lsm_option {
  soso_lsm_payoff payoff; /* put or call */
  double s0;              /* asset price at t = 0 */
  double strike;          /* K > 0; also the scale of the basis state x = S/K */
  double r;               /* risk-free rate (continuous, per year) */
  double q;               /* dividend or convenience yield (per year) */
  double sigma;           /* volatility (per sqrt year) */
  double maturity;        /* T in years > 0 */
} soso_lsm_option;

/* How to price. */
typedef struct soso_lsm_opts {
  size_t n_paths;        /* paths per pass (pairs count twice when antithetic) */
  size_t steps_per_year; /* exercise dates a year (the paper: 50) */
  int antithetic;        /* 1: paths come in pairs driven by z and -z (n_paths even) */
  int two_pass;          /* 1: fit the rule on n_paths paths, then price on n_paths
                            independent ones (a low-biased estimate, as QuantLib's
                            calibration samples); 0: one pass as in the paper */
  size_t n_laguerre;     /* weighted Laguerre terms beside the constant (paper: 3) */
  uint64_t seed;         /* rng seed (reported with the result) */
  int n_threads;         /* OpenMP threads; 0: the OpenMP default */
} soso_lsm_opts;

#define SOSO_LSM_OPTS_INIT {100000, 50, 1, 0, 3, 42, 0}

typedef struct soso_lsm_result {
  double value;     /* option value at t = 0 */
  double se;        /* standard error of value (pairs are one sample when antithetic) */
  size_t n_paths;   /* paths in the pricing pass */
  size_t n_dates;   /* exercise dates after t = 0 */
  int exercise_now; /* 1 if immediate exercise beat the estimated continuation */
} soso_lsm_result;

typedef struct soso_lsm soso_lsm;

/* A workspace for up to max_paths paths and max_dates exercise dates (about
 * 8 * max_paths * (max_dates + 6) bytes). Returns 0, SOSO_EUSAGE for zero sizes,
 * SOSO_ENOMEM. Free with soso_lsm_free. */
int soso_lsm_new(soso_lsm **out, size_t max_paths, size_t max_dates);

/* Frees a workspace; NULL-safe. */
void soso_lsm_free(soso_lsm *w);

/* Prices opt with the settings o into *out, using workspace w.
 * Returns 0; SOSO_EUSAGE for a bad option or setting (non-positive price, strike,
 * volatility or maturity; odd n_paths with antithetic; more paths or dates than the
 * workspace holds; n_laguerre > SOSO_LAGUERRE_MAX); SOSO_ENUMERIC "regression
 * singular" when a basis function is zero or not finite on every in-the-money path
 * of a date (prices overflowed). Near-collinear basis functions are not an error:
 * the regression keeps the well-determined directions (minimum-norm solution). */
int soso_lsm_price(soso_lsm *w, const soso_lsm_option *opt, const soso_lsm_opts *o,
                   soso_lsm_result *out);

/* The switching mine (lsm_mine.c) ---------------------------------------------
 *
 * The problem of valuation.h (modes open / closed / abandoned, reserve levels,
 * switching and care costs, rewards from soso_valuation_switching_reward) for any number of
 * correlated price factors. State per path: (mode, reserve level), every level
 * carried at once. Backward over decision dates, the realised values
 * V_{n+1}(mode', level') of every state are regressed on a polynomial in the
 * standardised log prices z_f = (ln S_f - mean) / sd at date n (cross-section of the
 * paths; all monomials up to the degree, cross terms included; z clamped to +-5 so
 * the polynomial is never extrapolated far), using all paths (a switching option
 * has no "in the money" set). Each path takes the action with the largest reward +
 * fitted continuation and carries the realised value of that action (Longstaff &
 * Schwartz 2001, section 1; Gamba 2003 for switching options). At date 0 every
 * path has the same prices: the continuation is the plain mean.
 * The paths are the mine's Q model (soso_market_qmodel_paths, no antithetics); path i uses
 * rng path index i, regressions use block partial sums in block order: results are
 * identical for any thread count. */

typedef struct soso_lsm_mine_opts {
  size_t n_paths;  /* regression paths (>= 64) */
  int degree;      /* polynomial degree (1..4); 0: 3 for up to two factors, else 2 */
  int two_pass;    /* 1: value = the fitted policy followed on n_paths independent
                      paths (a low-biased estimate); 0: the in-sample value */
  uint64_t seed;   /* rng seed (SOSO_STREAM_PRICES) */
  int n_threads;   /* OpenMP threads; 0: the OpenMP default */
} soso_lsm_mine_opts;
#define SOSO_LSM_MINE_OPTS_INIT {20000, 0, 1, 42, 0}

typedef struct soso_lsm_mine_value {
  double value_open;   /* value at t = 0 of the open mine with the full reserve */
  double se_open;      /* its Monte Carlo standard error */
  double value_closed; /* value of the closed mine with the full reserve */
  double se_closed;    /* its standard error */
  size_t n_paths;      /* paths behind the values */
  size_t n_basis;      /* basis functions per regression */
  size_t n_dates;      /* decision dates */
  size_t n_levels;     /* reserve levels */
} soso_lsm_mine_value;

typedef struct soso_lsm_mine soso_lsm_mine;

/* Solves the switching problem sw (which, with its mine, must outlive the result).
 * Returns 0; SOSO_EUSAGE for bad options; SOSO_ENOMEM; SOSO_ENUMERIC "regression
 * singular" when a date's regression cannot be solved (a factor with no spread
 * across the paths, e.g. zero volatility). *out is NULL on failure. */
int soso_lsm_mine_solve(soso_lsm_mine **out, const soso_switching *sw,
                        const soso_lsm_mine_opts *o);

/* The values at t = 0 and facts of the solution. */
void soso_lsm_mine_get_value(const soso_lsm_mine *lm, soso_lsm_mine_value *out);

/* The fitted policy behind the soso_policy interface (method "lsm"). The solver
 * must outlive the policy. Returns 0 or SOSO_ENOMEM. */
int soso_lsm_mine_policy(soso_policy **out, const soso_lsm_mine *lm);

/* Frees the solver; NULL-safe. */
void soso_lsm_mine_free(soso_lsm_mine *lm);

#ifdef __cplusplus
}
#endif
#endif
