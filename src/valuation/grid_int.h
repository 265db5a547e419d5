/* grid_int.h - private parts of the grid solver shared by grid_trans.c (price
 * transitions), grid.c (backward induction) and grid_policy.c (thresholds, policy).
 *
 * Price grid: nodes x_j = x0 + j h (j = 0 .. M-1) in log price, aligned on ln s0.
 * The value between nodes is the piecewise-linear interpolant in x; below x_0 it is
 * flat (a mine at a hopeless price is worth its abandonment value); above x_{M-1}
 * it is linear in S = exp(x) (a mine that always produces is worth a S - b).
 * The one-step conditional law of X = ln S is Gaussian for GBM and log-OU, with
 * mean mean(x) and standard deviation s; row i of the transition is
 * w_ij = E[hat_j(Y)], Y ~ N(mean(x_i), s_eff^2), computed in closed form from the
 * normal CDF and density (so E[f(Y)] is exact for the interpolant f).
 * Variance correction: interpolating a smooth f linearly adds, on average over a
 * cell, h^2/12 f'', which acts like extra variance h^2/6 per step and would
 * accumulate over the dates (an effective volatility bias ~ (h/s)^2/12). It is
 * removed to leading order by using s_eff^2 = s^2 - h^2/6 (needs h <= s).
 * Rows are truncated at +-SOSO__GRID_SD standard deviations (mass < 1e-23).
 *
 * Value arrays are laid out [level][node]; thresholds [date][level].
 */
#ifndef SOSO_VALUATION_GRID_INT_H
#define SOSO_VALUATION_GRID_INT_H

#include "soso/valuation.h"

#include <stddef.h>

#define SOSO__GRID_SD 10.0

typedef struct gtrans {
  size_t m;       /* nodes */
  double x0, h;   /* first node and spacing (log price) */
  double s;       /* one-step standard deviation of ln S */
  double s_eff;   /* s corrected for the interpolation variance */
  int ou;         /* 1: log-OU, 0: GBM */
  double drift;   /* GBM: (mu_Q - sigma^2/2) dt */
  double b;       /* OU: exp(-kappa dt) */
  double alpha;   /* OU: long-run mean of ln S under Q */
  size_t band;    /* weights stored per row */
  size_t *lo;     /* first node of row i */
  size_t *cnt;    /* nodes used by row i (<= band) */
  double *w;      /* m x band weights */
} gtrans;

/* One-step mean of ln S from x. */
double gtrans_mean(const gtrans *t, double x);

/* Sets up t for factor f (Q dynamics) over steps of dt on the given grid and
 * builds every row. SOSO_ENOMEM on allocation failure. */
int gtrans_init(gtrans *t, const soso_factor *f, double dt, size_t m, double x0, double h);
void gtrans_free(gtrans *t);

/* Weights of the law N(mean, s_eff^2) on the nodes: w[0..band-1] for nodes
 * *lo .. *lo + *cnt - 1. w must hold t->band doubles. */
void gtrans_row(const gtrans *t, double mean, double *w, size_t *lo, size_t *cnt);

/* out_i = sum_j w_ij f_j for every node i. */
void gtrans_apply(const gtrans *t, const double *f, double *out);

struct soso_grid {
  const soso_switching *sw; /* the problem (borrowed) */
  gtrans tr;                /* price transitions */
  size_t nd, nl, m;         /* dates, levels, nodes */
  double *v1, *w1, *st1;    /* values at date 1 (or terminal), [level][node]: open,
                               closed, static */
  soso_thresholds *th;      /* [date][level] critical prices from the nodes */
  size_t irregular;         /* (date, level) pairs whose policy is not of threshold form */
};

/* Action values at t = 0, full reserve, price s (exact decision, continuation
 * from the date-1 arrays): a[0] produce (from open), a[1] close, a[2] abandon,
 * a[3] stay closed, a[4] reopen, a[5] static plan. wbuf holds band doubles. */
void grid_actions0(const soso_grid *g, double s, double *a, double *wbuf);

/* Scans action values on the nodes of one (date, level) into thresholds. prod,
 * close, stay, reopen: arrays of m action values; ab: the abandonment value.
 * Returns 1 if the policy is not of threshold form there. */
int grid_scan(const soso_grid *g, const double *prod, const double *close, const double *stay,
              const double *reopen, double ab, soso_thresholds *out);

#endif
