/* grid_policy.c - critical prices from the grid solution, and the grid's policy.
 *
 * On the nodes of each (date, level) the action values give four regions: the
 * open mine stops producing below close_below (closing or abandoning), is
 * abandoned below abandon_open_below; the closed mine reopens above reopen_above
 * and is abandoned below abandon_closed_below. Crossings are located by linear
 * interpolation (in log price) of the action-value difference between the two
 * nodes around it. At t = 0 with the full reserve the crossing is refined by
 * Brent's method (GSL) on the exact action values, whose continuation is the
 * interpolant of the date-1 values. A policy decides by these thresholds,
 * interpolated linearly in the remaining reserve between levels.
 */
#include "valuation/grid_int.h"
#include "valuation/policy_int.h"
#include "soso/error.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <stdlib.h>

static double dmax(double a, double b) { return a > b ? a : b; }

/* Tracks one region {D > 0} along ascending nodes. */
typedef struct region {
  double prev;       /* D at the previous node */
  double up;         /* last price where D went from > 0 to <= 0 (leaving upward) */
  double down;       /* last price where D went from <= 0 to > 0 (entering upward) */
  int n_up, n_down;  /* crossings seen */
  int first_in;      /* D > 0 at the first node */
} region;

static double cross(const soso_grid *g, size_t i, double d0, double d1) {
  double x = g->tr.x0 + (double)i * g->tr.h;
  if (isfinite(d0) && isfinite(d1) && d0 != d1) x -= g->tr.h * d1 / (d1 - d0);
  return exp(x);
}

static void track(const soso_grid *g, region *r, size_t i, double d) {
  if (i == 0) {
    r->first_in = d > 0.0;
  } else if ((r->prev > 0.0) != (d > 0.0)) {
    double p = cross(g, i, r->prev, d);
    if (r->prev > 0.0) {
      r->up = p;
      r->n_up++;
    } else {
      r->down = p;
      r->n_down++;
    }
  }
  r->prev = d;
}

/* "Below" threshold of a region that should hold the low prices. */
static double below(const region *r, int *irregular) {
  if (r->n_up + r->n_down == 0) return r->first_in ? HUGE_VAL : 0.0;
  if (!r->first_in || r->n_up != 1 || r->n_down != 0) *irregular = 1;
  return r->n_up ? r->up : HUGE_VAL;
}

/* "Above" threshold of a region that should hold the high prices. */
static double above(const region *r, int *irregular) {
  if (r->n_up + r->n_down == 0) return r->first_in ? 0.0 : HUGE_VAL;
  if (r->first_in || r->n_down != 1 || r->n_up != 0) *irregular = 1;
  return r->n_down ? r->down : 0.0;
}

int grid_scan(const soso_grid *g, const double *prod, const double *close, const double *stay,
              const double *reopen, double ab, soso_thresholds *out) {
  region stop = {0}, abo = {0}, reo = {0}, abc = {0};
  for (size_t i = 0; i < g->m; i++) {
    track(g, &stop, i, dmax(close[i], ab) - prod[i]);
    track(g, &abo, i, ab - dmax(prod[i], close[i]));
    track(g, &reo, i, reopen[i] - dmax(stay[i], ab));
    track(g, &abc, i, ab - dmax(stay[i], reopen[i]));
  }
  int irr = 0;
  out->close_below = below(&stop, &irr);
  out->abandon_open_below = below(&abo, &irr);
  out->reopen_above = above(&reo, &irr);
  out->abandon_closed_below = below(&abc, &irr);
  return irr;
}

int soso_valuation_grid_thresholds_at(const soso_grid *g, size_t n, size_t k, soso_thresholds *out) {
  if (!g || !out) return soso_error_set(SOSO_EUSAGE, "grid: missing argument");
  if (n >= g->nd || k >= g->nl)
    return soso_error_set(SOSO_EUSAGE, "grid: date %zu or level %zu out of range (%zu, %zu)",
                          n, k, g->nd, g->nl);
  *out = g->th[n * g->nl + k];
  return SOSO_OK;
}

/* Brent's method on one action-value difference at t = 0. */
typedef struct root_ctx {
  const soso_grid *g;
  double *wbuf;
  int which; /* 0 stop, 1 abandon open, 2 reopen, 3 abandon closed */
} root_ctx;

static double diff0(double x, void *p) {
  const root_ctx *c = p;
  double a[6];
  grid_actions0(c->g, exp(x), a, c->wbuf);
  switch (c->which) {
    case 0: return dmax(a[1], a[2]) - a[0];
    case 1: return a[2] - dmax(a[0], a[1]);
    case 2: return a[4] - dmax(a[3], a[2]);
    default: return a[2] - dmax(a[3], a[4]);
  }
}

static double refine(const soso_grid *g, double *wbuf, int which, double guess) {
  if (!(guess > 0.0) || !isfinite(guess)) return guess;
  double xg = log(guess), h = g->tr.h;
  double i = floor((xg - g->tr.x0) / h);
  if (i < 0.0 || i + 1.0 > (double)(g->m - 1)) return guess;
  root_ctx c = {g, wbuf, which};
  double lo = g->tr.x0 + i * h, hi = lo + h;
  double flo = diff0(lo, &c), fhi = diff0(hi, &c);
  /* Brent needs a sign change; without one the node estimate stands. */
  if (!isfinite(flo) || !isfinite(fhi) || (flo > 0.0) == (fhi > 0.0)) return guess;
  gsl_function f = {diff0, &c};
  gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
  if (!s) return guess;
  double x = xg;
  if (gsl_root_fsolver_set(s, &f, lo, hi) == GSL_SUCCESS) {
    for (int it = 0; it < 100; it++) {
      if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS) break;
      x = gsl_root_fsolver_root(s);
      if (gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
                                 1e-13, 0.0) == GSL_SUCCESS)
        break;
    }
  }
  gsl_root_fsolver_free(s);
  return exp(x);
}

int soso_valuation_grid_thresholds(const soso_grid *g, soso_thresholds *out) {
  if (!g || !out) return soso_error_set(SOSO_EUSAGE, "grid: missing argument");
  soso_thresholds t = g->th[g->nl - 1];
  double *wbuf = malloc(g->tr.band * sizeof *wbuf);
  if (!wbuf) return soso_error_set(SOSO_ENOMEM, "grid: out of memory");
  t.close_below = refine(g, wbuf, 0, t.close_below);
  t.abandon_open_below = refine(g, wbuf, 1, t.abandon_open_below);
  t.reopen_above = refine(g, wbuf, 2, t.reopen_above);
  t.abandon_closed_below = refine(g, wbuf, 3, t.abandon_closed_below);
  free(wbuf);
  *out = t;
  return SOSO_OK;
}

/* The policy ------------------------------------------------------------------ */

typedef struct grid_policy {
  soso_policy base;    /* must be first */
  const soso_grid *g;  /* the solution (borrowed) */
} grid_policy;

/* Linear interpolation of one threshold between two levels; an infinite or zero
 * ("never"/"always") end takes the nearer level's value. */
static double lerp(double a, double b, double u) {
  if (isfinite(a) && isfinite(b) && a > 0.0 && b > 0.0) return a + (b - a) * u;
  return u < 0.5 ? a : b;
}

static int grid_decide(const soso_policy *p, double t, double reserve, const double *prices,
                       int mode, int *next_mode) {
  const soso_grid *g = ((const grid_policy *)p)->g;
  const soso_switching *sw = g->sw;
  double fn = floor(t / sw->dt + 1e-9);
  size_t n = fn >= (double)(g->nd - 1) ? g->nd - 1 : (size_t)fn;
  size_t k = 1;
  double u = 0.0;
  if (sw->reserve_binding && g->nl > 2) {
    while (k + 1 < g->nl && soso_valuation_switching_reserve(sw, k + 1) < reserve) k++;
    if (k + 1 < g->nl) {
      double r0 = soso_valuation_switching_reserve(sw, k), r1 = soso_valuation_switching_reserve(sw, k + 1);
      u = reserve <= r0 ? 0.0 : (reserve - r0) / (r1 - r0);
    }
  }
  const soso_thresholds *a = &g->th[n * g->nl + k];
  const soso_thresholds *b = (k + 1 < g->nl) ? a + 1 : a;
  double s = prices[0];
  if (mode == SOSO_MODE_OPEN) {
    if (s < lerp(a->abandon_open_below, b->abandon_open_below, u))
      *next_mode = SOSO_MODE_ABANDONED;
    else if (s < lerp(a->close_below, b->close_below, u))
      *next_mode = SOSO_MODE_CLOSED;
    else
      *next_mode = SOSO_MODE_OPEN;
  } else {
    if (s < lerp(a->abandon_closed_below, b->abandon_closed_below, u))
      *next_mode = SOSO_MODE_ABANDONED;
    else if (s >= lerp(a->reopen_above, b->reopen_above, u))
      *next_mode = SOSO_MODE_OPEN;
    else
      *next_mode = SOSO_MODE_CLOSED;
  }
  return SOSO_OK;
}

static void grid_destroy(soso_policy *p) { free(p); }

static const soso_policy_vt k_grid_vt = {"grid", grid_decide, grid_destroy};

int soso_valuation_grid_policy(soso_policy **out, const soso_grid *g) {
  if (!out || !g) return soso_error_set(SOSO_EUSAGE, "grid: missing argument");
  grid_policy *p = calloc(1, sizeof *p);
  if (!p) return soso_error_set(SOSO_ENOMEM, "grid: out of memory");
  p->base.vt = &k_grid_vt;
  p->base.step = g->sw->dt;
  p->base.horizon = (double)(g->nd - 1) * g->sw->dt;
  p->g = g;
  *out = &p->base;
  return SOSO_OK;
}
