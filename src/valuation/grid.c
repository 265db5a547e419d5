/* grid.c - backward induction of the switching problem on a log-price grid x
 * reserve level x mode (design notes: grid_int.h, problem: valuation.h).
 *
 * For each decision date n from the last to the first: continuations
 * C[k] = T V_{n+1}[k] for every level (T: the one-step transition of
 * grid_trans.c), then per level and node the best of the allowed moves
 * (Brennan & Schwartz 1985, reference README section 2). The static plan (always
 * produce) is carried alongside with the same transition, so the value of
 * flexibility compares like with like. Levels are independent within a date and
 * are spread over OpenMP threads; the result does not depend on the thread count.
 * Cost: dates x levels x 3 x nodes x band multiply-adds; memory 9 x levels x
 * nodes doubles plus the transition rows. Nothing is allocated inside the loop.
 */
#include "valuation/grid_int.h"
#include "soso/error.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

enum { N_ARRAYS = 6 }; /* V, W, S and their continuations */

static double dmax(double a, double b) { return a > b ? a : b; }

/* The one-step standard deviation of ln S and a default half-width. */
static void factor_scales(const soso_factor *f, double dt, double horizon, double *s,
                          double *width) {
  double tw = horizon < 10.0 ? horizon : 10.0, sd;
  if (f->kind == SOSO_PRICE_OU) {
    *s = f->sigma * sqrt(-expm1(-2.0 * f->kappa * dt) / (2.0 * f->kappa));
    sd = f->sigma * sqrt(-expm1(-2.0 * f->kappa * tw) / (2.0 * f->kappa));
  } else {
    *s = f->sigma * sqrt(dt);
    sd = f->sigma * sqrt(tw);
  }
  *width = dmax(5.0 * sd, 1.5);
}

void soso_valuation_grid_free(soso_grid *g) {
  if (!g) return;
  gtrans_free(&g->tr);
  free(g->v1);
  free(g->th);
  free(g);
}

/* Layout of the grid: nodes aligned on ln s0, covering [lo, hi] plus the margin. */
static int layout(const soso_switching *sw, const soso_grid_opts *o, double *x0, double *h,
                  size_t *m) {
  const soso_factor *f = &sw->q.d.f[0];
  double s = 0.0, width = 0.0;
  factor_scales(f, sw->dt, sw->mine->horizon_years, &s, &width);
  if (!(s > 0.0))
    return soso_error_set(SOSO_ENUMERIC, "grid: %s: the price of %s has no volatility; the "
                          "grid method needs sigma > 0", sw->mine->path, f->name);
  *h = o->dx > 0.0 ? o->dx : s / 4.0;
  if (*h > s)
    return soso_error_set(SOSO_ENUMERIC,
                          "grid: too coarse: log-price spacing %g exceeds the one-step "
                          "standard deviation %g of ln %s; use a spacing <= %g",
                          *h, s, f->name, s);
  if (o->half_width > 0.0) width = o->half_width;
  double xc = log(f->s0);
  double lo = o->lo > 0.0 ? o->lo : f->s0, hi = o->hi > 0.0 ? o->hi : f->s0;
  double left = dmax(0.0, xc - log(lo)), right = dmax(0.0, log(hi) - xc);
  if (f->kind == SOSO_PRICE_OU) { /* the price is pulled towards exp(alpha): cover it */
    left = dmax(left, xc - f->alpha);
    right = dmax(right, f->alpha - xc);
  }
  double jl = ceil((left + width) / *h), jr = ceil((right + width) / *h);
  size_t max_nodes = o->max_nodes ? o->max_nodes : 200000;
  if (!(jl + jr + 1.0 <= (double)max_nodes))
    return soso_error_set(SOSO_ENUMERIC,
                          "grid: %.0f price nodes exceed the limit %zu; use a wider spacing "
                          "or a narrower price range", jl + jr + 1.0, max_nodes);
  *m = (size_t)(jl + jr) + 1;
  *x0 = xc - jl * *h;
  return SOSO_OK;
}

/* Per-date rewards that do not depend on the level: production at each node for a
 * middle level (pm) and for the top level (pt), and the constant moves. */
typedef struct date_rewards {
  double close, stay, open, ab, forced;
} date_rewards;

static void rewards_of_date(const soso_grid *g, size_t n, double *pm, double *pt,
                            date_rewards *r) {
  const soso_switching *sw = g->sw;
  size_t top = g->nl - 1, mid = g->nl > 2 ? 1 : top;
  for (size_t i = 0; i < g->m; i++) {
    double s = exp(g->tr.x0 + (double)i * g->tr.h);
    pm[i] = soso_valuation_switching_reward(sw, n, mid, &s, SOSO_MODE_OPEN, SOSO_MODE_OPEN);
    pt[i] = soso_valuation_switching_reward(sw, n, top, &s, SOSO_MODE_OPEN, SOSO_MODE_OPEN);
  }
  double s0 = sw->q.d.f[0].s0;
  r->close = soso_valuation_switching_reward(sw, n, top, &s0, SOSO_MODE_OPEN, SOSO_MODE_CLOSED);
  r->stay = soso_valuation_switching_reward(sw, n, top, &s0, SOSO_MODE_CLOSED, SOSO_MODE_CLOSED);
  r->open = soso_valuation_switching_reward(sw, n, top, &s0, SOSO_MODE_OPEN, SOSO_MODE_OPEN) -
            soso_valuation_switching_reward(sw, n, top, &s0, SOSO_MODE_CLOSED, SOSO_MODE_OPEN);
  r->ab = soso_valuation_switching_reward(sw, n, top, &s0, SOSO_MODE_OPEN, SOSO_MODE_ABANDONED);
  r->forced = soso_valuation_switching_reward(sw, n, 0, &s0, SOSO_MODE_OPEN, SOSO_MODE_ABANDONED);
}

int soso_valuation_grid_solve(soso_grid **out, const soso_switching *sw, const soso_grid_opts *opts) {
  if (!out || !sw || !sw->mine) return soso_error_set(SOSO_EUSAGE, "grid: missing argument");
  *out = NULL;
  if (sw->q.d.n != 1)
    return soso_error_set(SOSO_EUSAGE, "grid: %s: %d price factors; the grid method values "
                          "one factor (use the least-squares Monte Carlo method)",
                          sw->mine->path, sw->q.d.n);
  soso_grid_opts o = SOSO_GRID_OPTS_INIT;
  if (opts) o = *opts;
  double x0 = 0.0, h = 0.0;
  size_t m = 0;
  int rc = layout(sw, &o, &x0, &h, &m);
  if (rc < 0) return rc;
  size_t nl = sw->n_levels, nd = sw->n_dates;
  if ((double)nl * (double)m * (N_ARRAYS + 3 + 4) * 8.0 > 4e9)
    return soso_error_set(SOSO_ENUMERIC, "grid: %zu reserve levels x %zu price nodes need "
                          "more than 4 GB; use a wider spacing", nl, m);
  soso_grid *g = calloc(1, sizeof *g);
  if (!g) return soso_error_set(SOSO_ENOMEM, "grid: out of memory");
  g->sw = sw;
  g->nd = nd;
  g->nl = nl;
  g->m = m;
  int nthreads = omp_get_max_threads();
  size_t lm = nl * m;
  double *work = NULL;
  if ((rc = gtrans_init(&g->tr, &sw->q.d.f[0], sw->dt, m, x0, h)) < 0) goto fail;
  g->v1 = malloc(3 * lm * sizeof *g->v1);
  g->th = malloc(nd * nl * sizeof *g->th);
  work = malloc((N_ARRAYS * lm + 2 * m + 4 * m * (size_t)nthreads) * sizeof *work);
  if (!g->v1 || !g->th || !work) {
    rc = soso_error_set(SOSO_ENOMEM, "grid: out of memory for %zu x %zu values", nl, m);
    goto fail;
  }
  g->w1 = g->v1 + lm;
  g->st1 = g->v1 + 2 * lm;
  double *V = work, *W = V + lm, *S = W + lm, *CV = S + lm, *CW = CV + lm, *CS = CW + lm;
  double *pm = CS + lm, *pt = pm + m, *scratch = pt + m;
  double term_open = soso_valuation_switching_terminal(sw, SOSO_MODE_OPEN);
  double term_closed = soso_valuation_switching_terminal(sw, SOSO_MODE_CLOSED);
  for (size_t i = 0; i < lm; i++) {
    V[i] = term_open;
    W[i] = term_closed;
    S[i] = term_open;
  }
  size_t irregular = 0;
  /* Threads pay off only when a date has enough work; with few levels (the
   * infinite-reserve case) the barriers would cost more than they save. */
  int par = nl > 2 && (double)(nl - 1) * (double)m * (double)g->tr.band * 3.0 > 1e6;
  for (size_t nn = nd; nn-- > 0;) {
    if (nn == 0) memcpy(g->v1, V, 3 * lm * sizeof *V); /* V, W, S are contiguous */
    date_rewards r;
#pragma omp parallel if (par)
    {
#pragma omp for schedule(static)
      for (size_t k = 0; k < nl; k++) {
        if (k == 0) { /* an exhausted mine's value is one constant: T keeps constants */
          for (size_t i = 0; i < m; i++) CV[i] = CW[i] = CS[i] = V[0];
          continue;
        }
        gtrans_apply(&g->tr, V + k * m, CV + k * m);
        gtrans_apply(&g->tr, W + k * m, CW + k * m);
        gtrans_apply(&g->tr, S + k * m, CS + k * m);
      }
#pragma omp single
      rewards_of_date(g, nn, pm, pt, &r);
#pragma omp for schedule(static) reduction(+ : irregular)
      for (size_t k = 0; k < nl; k++) {
        soso_thresholds *th = &g->th[nn * nl + k];
        double *v = V + k * m, *w = W + k * m, *st = S + k * m;
        if (k == 0) {
          for (size_t i = 0; i < m; i++) v[i] = w[i] = st[i] = r.forced;
          th->close_below = th->reopen_above = HUGE_VAL;
          th->abandon_open_below = th->abandon_closed_below = HUGE_VAL;
          continue;
        }
        double *a = scratch + 4 * m * (size_t)omp_get_thread_num();
        double *prod = a, *close = a + m, *stay = a + 2 * m, *reopen = a + 3 * m;
        const double *p = (k + 1 == nl) ? pt : pm;
        size_t kn = soso_valuation_switching_next_level(sw, k, SOSO_MODE_OPEN);
        const double *cv = CV + kn * m, *cw = CW + k * m, *cs = CS + kn * m;
        for (size_t i = 0; i < m; i++) {
          prod[i] = p[i] + cv[i];
          close[i] = r.close + cw[i];
          stay[i] = r.stay + cw[i];
          reopen[i] = prod[i] - r.open;
          v[i] = dmax(dmax(prod[i], close[i]), r.ab);
          w[i] = dmax(dmax(stay[i], reopen[i]), r.ab);
          st[i] = p[i] + cs[i];
        }
        irregular += (size_t)grid_scan(g, prod, close, stay, reopen, r.ab, th);
      }
    }
  }
  g->irregular = irregular;
  free(work);
  *out = g;
  return SOSO_OK;
fail:
  free(work);
  soso_valuation_grid_free(g);
  return rc;
}

void soso_valuation_grid_get_info(const soso_grid *g, soso_grid_info *out) {
  memset(out, 0, sizeof *out);
  if (!g) return;
  out->n_nodes = g->m;
  out->n_dates = g->nd;
  out->n_levels = g->nl;
  out->dx = g->tr.h;
  out->s_min = exp(g->tr.x0);
  out->s_max = exp(g->tr.x0 + (double)(g->m - 1) * g->tr.h);
  out->band = g->tr.band;
  out->irregular = g->irregular;
}

void grid_actions0(const soso_grid *g, double s, double *a, double *wbuf) {
  const soso_switching *sw = g->sw;
  size_t k = g->nl - 1, kn = soso_valuation_switching_next_level(sw, k, SOSO_MODE_OPEN), lo = 0, cnt = 0;
  gtrans_row(&g->tr, gtrans_mean(&g->tr, log(s)), wbuf, &lo, &cnt);
  double ev = 0.0, ew = 0.0, es = 0.0;
  const double *v = g->v1 + kn * g->m + lo, *w = g->w1 + k * g->m + lo,
               *st = g->st1 + kn * g->m + lo;
  for (size_t c = 0; c < cnt; c++) {
    ev += wbuf[c] * v[c];
    ew += wbuf[c] * w[c];
    es += wbuf[c] * st[c];
  }
  double prod = soso_valuation_switching_reward(sw, 0, k, &s, SOSO_MODE_OPEN, SOSO_MODE_OPEN);
  a[0] = prod + ev;
  a[1] = soso_valuation_switching_reward(sw, 0, k, &s, SOSO_MODE_OPEN, SOSO_MODE_CLOSED) + ew;
  a[2] = soso_valuation_switching_reward(sw, 0, k, &s, SOSO_MODE_OPEN, SOSO_MODE_ABANDONED);
  a[3] = soso_valuation_switching_reward(sw, 0, k, &s, SOSO_MODE_CLOSED, SOSO_MODE_CLOSED) + ew;
  a[4] = soso_valuation_switching_reward(sw, 0, k, &s, SOSO_MODE_CLOSED, SOSO_MODE_OPEN) + ev;
  a[5] = prod + es;
}

int soso_valuation_grid_value(const soso_grid *g, double s, double *value_open, double *value_closed,
                    double *value_static) {
  if (!g) return soso_error_set(SOSO_EUSAGE, "grid: no grid");
  soso_grid_info info;
  soso_valuation_grid_get_info(g, &info);
  if (!(s >= info.s_min && s <= info.s_max))
    return soso_error_set(SOSO_ENUMERIC, "grid: price %g lies outside the grid [%g, %g]; "
                          "widen the grid", s, info.s_min, info.s_max);
  double *wbuf = malloc(g->tr.band * sizeof *wbuf), a[6];
  if (!wbuf) return soso_error_set(SOSO_ENOMEM, "grid: out of memory");
  grid_actions0(g, s, a, wbuf);
  free(wbuf);
  if (value_open) *value_open = dmax(dmax(a[0], a[1]), a[2]);
  if (value_closed) *value_closed = dmax(dmax(a[3], a[4]), a[2]);
  if (value_static) *value_static = a[5];
  return SOSO_OK;
}
