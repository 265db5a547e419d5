/* valuation.h - the switch-on / switch-off mine as an optimal switching problem:
 * its rewards, the grid dynamic-programming solver, the decision policy that the
 * operations simulation follows, the static plan and Dixit's closed form.
 *
 * The problem (Brennan & Schwartz 1985, in the discrete-time form of Hinz & Yee's
 * rcss reproduction; reference README section 2). Decision dates t_n = n * dt,
 * n = 0 .. n_dates - 1. Modes: OPEN (producing), CLOSED (care and maintenance),
 * ABANDONED (absorbing). Reserve levels k = 0 .. n_levels - 1: level k holds
 * soso_valuation_switching_reserve(k) ore units, one period dt of full output per level (the
 * top level may hold a part period); level 0 is exhausted. At each date the owner
 * picks the next mode; the reward of that choice is received at the date, at that
 * date's prices, and is already discounted to t = 0 by d_n = exp(-(r + property
 * tax) t_n), with costs inflated by exp(inflation t_n):
 *   OPEN -> OPEN     produce one period: net operating flow * d_n, level k -> k - 1
 *   OPEN -> CLOSED   -(care cost for dt + close cost) * infl * d_n
 *   CLOSED -> CLOSED -care cost for dt * infl * d_n
 *   CLOSED -> OPEN   produce one period - open cost * infl * d_n, level k -> k - 1
 *   any -> ABANDONED -closure value at t_n * d_n (0 without closure cost), forever
 * At level 0 the mine must be abandoned. After the last date the mine is worth
 * -closure (0 without closure cost). Prices follow the risk-neutral soso_qmodel,
 * so values are expectations under Q of the sum of rewards.
 * When the reserve cannot be exhausted within the horizon (n_levels would exceed
 * n_dates), the reserve is not binding: there is one level and producing keeps it
 * (the Dixit infinite-reserve limit).
 */
#ifndef SOSO_VALUATION_H
#define SOSO_VALUATION_H

#include "soso/market.h"
#include "soso/mine.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Operating modes. */
enum { SOSO_MODE_ABANDONED = 0, SOSO_MODE_OPEN = 1, SOSO_MODE_CLOSED = 2, SOSO_MODES = 3 };

/* Name of a mode ("open", "closed", "abandoned"). */
const char *soso_valuation_mode_name(int mode);

/* The switching problem of one mine under one Q model. Plain data, built by
 * soso_valuation_switching_init; holds a pointer to the mine (which must outlive it). */
typedef struct soso_switching {
  const soso_mine *mine;  /* the mine (borrowed) */
  soso_qmodel q;          /* risk-neutral price model */
  double dt;              /* years between decision dates */
  size_t n_dates;         /* decision dates t_n = n dt, n = 0 .. n_dates - 1 */
  size_t n_levels;        /* reserve levels 0 .. n_levels - 1 */
  int reserve_binding;    /* 0: reserve never runs out within the horizon (1 level) */
  double discount;        /* r + property tax, per year */
  double level_ore;       /* ore mined per period at full output (capacity * dt) */
} soso_switching;

/* Builds the problem of mine m under q (from soso_mine_qmodel). */
int soso_valuation_switching_init(soso_switching *out, const soso_mine *m, const soso_qmodel *q);

/* Ore held at reserve level k (k <= n_levels - 1; top level = the full reserve). */
double soso_valuation_switching_reserve(const soso_switching *sw, size_t k);

/* Level after choosing next_mode at level k (k - 1 when producing and the reserve
 * is binding, else k). */
size_t soso_valuation_switching_next_level(const soso_switching *sw, size_t k, int next_mode);

/* Reward, discounted to t = 0, of moving from mode to next_mode at date n, level
 * k >= 1, factor prices `prices`. Allocation-free, thread-safe. mode is OPEN or
 * CLOSED; from OPEN, next_mode OPEN means "produce". Returns -HUGE_VAL for a move
 * that is not allowed (abandoning when allow_abandon is 0, producing at level 0). */
double soso_valuation_switching_reward(const soso_switching *sw, size_t n, size_t k,
                             const double *prices, int mode, int next_mode);

/* Value, discounted to t = 0, of the mine after the last date in mode `mode`
 * (OPEN or CLOSED): minus the closure value; 0 for ABANDONED. */
double soso_valuation_switching_terminal(const soso_switching *sw, int mode);

/* Policy --------------------------------------------------------------------- */

/* A decision rule for the operations simulation: given the time, the remaining
 * reserve (ore units), the factor prices and the current mode, the next mode.
 * Implemented by the grid solver (soso_valuation_grid_policy) and the least-squares Monte
 * Carlo solver; their private vtable is src/valuation/policy_int.h. */
typedef struct soso_policy soso_policy;

/* next_mode for a decision at t_years (the last decision date at or before t; past
 * the horizon the answer is ABANDONED), reserve (ore units; <= 0 means exhausted ->
 * ABANDONED), prices (one per factor) and mode. ABANDONED stays ABANDONED.
 * Allocation-free and safe to call from many threads at once. */
int soso_valuation_policy_decide(const soso_policy *p, double t_years, double reserve,
                       const double *prices, int mode, int *next_mode);

/* Years between the policy's decision dates. */
double soso_valuation_policy_step(const soso_policy *p);

/* "grid" or "lsm". */
const char *soso_valuation_policy_method(const soso_policy *p);

/* Frees a policy; NULL-safe. */
void soso_valuation_policy_free(soso_policy *p);

/* Grid dynamic programming ----------------------------------------------------- */

/* Grid settings. dx: spacing of the log-price grid (0: one-step standard deviation
 * / 8). half_width: the grid spans [ln lo - half_width, ln hi + half_width] in log
 * price (0: 5 standard deviations of ln S over min(horizon, 10 years), at least
 * 1.5). lo, hi: prices that must lie well inside the grid (0: s0). max_nodes:
 * refuse finer grids (0: 200000). */
typedef struct soso_grid_opts {
  double dx;          /* log-price spacing */
  double half_width;  /* log-price margin beyond [lo, hi] */
  double lo, hi;      /* price range of interest */
  size_t max_nodes;   /* limit on price nodes */
} soso_grid_opts;
#define SOSO_GRID_OPTS_INIT {0.0, 0.0, 0.0, 0.0, 0}

/* Critical prices at one date and reserve level. A "below" threshold of 0 means
 * the switch never happens on the grid; reopen_above is HUGE_VAL when reopening
 * never pays on the grid. Ordered abandon_*_below <= close_below <= reopen_above
 * whenever the policy has threshold form. */
typedef struct soso_thresholds {
  double close_below;          /* open mine stops producing (closes or abandons) below */
  double reopen_above;         /* closed mine reopens above */
  double abandon_open_below;   /* open mine is abandoned below */
  double abandon_closed_below; /* closed mine is abandoned below */
} soso_thresholds;

typedef struct soso_grid soso_grid;

/* Solves the switching problem sw (one price factor, GBM or log-OU) backward over
 * decision dates on a log-price grid x reserve level x mode. Transitions: the
 * exact Gaussian conditional law of ln S over one step, integrated against the
 * piecewise-linear interpolant of the next date's values (flat below the grid,
 * linear in S above it). Fails with SOSO_EUSAGE for several factors, SOSO_ENUMERIC
 * when the grid cannot resolve the problem (spacing wider than a step's standard
 * deviation, too many nodes, range outside the grid). sw (and its mine) must
 * outlive the result. Free with soso_valuation_grid_free. */
int soso_valuation_grid_solve(soso_grid **out, const soso_switching *sw, const soso_grid_opts *opts);
void soso_valuation_grid_free(soso_grid *g);

/* Values at t = 0 with the full reserve for the price s: open and closed mine
 * (money units, before capital cost), and the static plan (produce at capacity
 * every date until exhausted or the horizon, then close) under the same Q. Exact
 * decision at t = 0 with continuation from the grid. Any output may be NULL. */
int soso_valuation_grid_value(const soso_grid *g, double s, double *value_open, double *value_closed,
                    double *value_static);

/* Critical prices at t = 0 with the full reserve, by root finding on the
 * differences of the action values (exact at t = 0). */
int soso_valuation_grid_thresholds(const soso_grid *g, soso_thresholds *out);

/* Critical prices at date n and level k from the grid nodes (linear interpolation
 * of the action-value differences between nodes); the policy map. */
int soso_valuation_grid_thresholds_at(const soso_grid *g, size_t n, size_t k, soso_thresholds *out);

/* Grid facts for reports. */
typedef struct soso_grid_info {
  size_t n_nodes;     /* price nodes */
  size_t n_dates;     /* decision dates */
  size_t n_levels;    /* reserve levels */
  double dx;          /* log-price spacing */
  double s_min, s_max;/* price range of the grid */
  size_t band;        /* most nodes one transition row touches */
  size_t irregular;   /* (date, level) pairs where the optimal policy is not of
                         threshold form on the grid (thresholds then approximate it) */
} soso_grid_info;
void soso_valuation_grid_get_info(const soso_grid *g, soso_grid_info *out);

/* The grid's optimal policy (thresholds per date and level, interpolated linearly
 * in reserve). The grid must outlive the policy. */
int soso_valuation_grid_policy(soso_policy **out, const soso_grid *g);

/* Draws the policy map (critical prices against the remaining reserve at t = 0)
 * and the values at t = 0 over prices lo..hi (clipped to the grid) into path
 * (.png, .svg or .pdf; written atomically). */
int soso_valuation_grid_chart(const soso_grid *g, const char *path, double lo, double hi);

/* American put (the grid engine's single-mode benchmark case) ------------------- */

/* Settings of soso_valuation_american_put. */
typedef struct soso_put_opts {
  size_t n_space;   /* price nodes, >= 5 (QuantLib's xGrid) */
  size_t n_time;    /* time steps, >= 1 (QuantLib's tGrid) */
  size_t damping;   /* first steps done as two implicit half-steps each (Rannacher) */
  double width_sd;  /* half-width of the log-price grid in sd of ln S at expiry, > 0 */
  int method;       /* SOSO_PUT_PDE or SOSO_PUT_QUADRATURE */
} soso_put_opts;
enum { SOSO_PUT_PDE = 0, SOSO_PUT_QUADRATURE = 1 };
#define SOSO_PUT_OPTS_INIT {200, 200, 2, 5.0, SOSO_PUT_PDE}

/* Price of an American put (strike k, maturity t years, spot s, rate r, dividend
 * yield q, volatility sigma) on a uniform log-price grid with the strike on a node.
 * SOSO_PUT_PDE: Crank-Nicolson in time (Rannacher start), the linear
 * complementarity problem of each step solved exactly by the Brennan & Schwartz
 * (1977) elimination, valid for a put's single exercise boundary.
 * SOSO_PUT_QUADRATURE: the switching solver's exact-Gaussian quadrature with
 * n_time exercise dates (a Bermudan price), Richardson-extrapolated from n_time/2
 * and n_time dates to continuous exercise. Allocates its workspace per call.
 * SOSO_EUSAGE for bad parameters, SOSO_ENUMERIC for a grid that cannot resolve it. */
int soso_valuation_american_put(double *price, double s, double k, double r, double q, double sigma,
                      double t, const soso_put_opts *opts);

/* Static plan --------------------------------------------------------------------- */

/* The classical plan: invest capital_cost at t = 0, produce at capacity every
 * period from t = 0 until the reserve is exhausted (or the horizon), then close
 * and rehabilitate. Cash flows at the real-world (P) expected prices
 * E[S_t] of the mine's pmodel, discounted continuously at discount_rate + property
 * tax. */
typedef struct soso_static {
  double npv;          /* classical NPV, money units at t = 0 */
  double irr;          /* continuously compounded rate making the NPV 0 (per year) */
  int has_irr;         /* 0: the cash flows do not change sign, or no root */
  double life_years;   /* years of production */
  double undiscounted; /* sum of the undiscounted cash flows */
} soso_static;

/* Computes the static plan of m. Fails only on bad arguments. */
int soso_valuation_static_plan(soso_static *out, const soso_mine *m);

/* The static plan's value under the switching problem's risk-neutral model, at the
 * Q-expected prices of every date (sum of soso_valuation_switching_reward for "produce" until
 * the reserve is exhausted, then abandonment; or the terminal value). Exact when
 * the period flow is linear in the prices (tax_loss_offset, or a margin that stays
 * positive); otherwise the value of the plan at expected prices. Money at t = 0,
 * before capital cost. */
int soso_valuation_static_value_q(double *out, const soso_switching *sw);

/* Dixit (1989) entry and exit -------------------------------------------------------- */

/* Entry trigger H and exit trigger L of an idle/active firm (flow P - C while
 * active, entry cost I, exit cost E, P GBM with drift mu, discount rate r > mu,
 * volatility sigma > 0): value matching and smooth pasting of the idle value
 * A P^beta1 and the active value B P^beta2 + P/(r - mu) - C/r. */
typedef struct soso_dixit {
  double H, L;           /* entry and exit triggers (price units) */
  double A, B;           /* option coefficients of the idle and active values */
  double beta1, beta2;   /* roots of sigma^2/2 b(b-1) + mu b - r = 0, beta1 > 1 > 0 > beta2 */
} soso_dixit;

/* Solves with GSL's hybridsj multiroot solver. SOSO_ENUMERIC if it does not
 * converge, SOSO_EUSAGE for bad parameters (r <= mu, sigma <= 0, I + E <= 0). */
int soso_valuation_dixit_solve(soso_dixit *out, double r, double mu, double sigma, double C,
                     double I, double E);

#ifdef __cplusplus
}
#endif
#endif
