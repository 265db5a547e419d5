/* static_plan.c - the classical plan without flexibility: invest, produce at
 * capacity every period until the reserve is exhausted (or the horizon), close.
 *
 * Cash flows use the real-world expected prices E_P[S_t] of the mine's price model
 * (GBM: s0 exp(mu t); log-OU: exp(E[ln S_t] + Var[ln S_t]/2)) and are discounted
 * continuously at discount_rate + property_tax: the textbook discounted-cash-flow
 * NPV. Production at date t_n = n dt earns one period's flow at that date's
 * expected prices (the switching problem's timing); the closure cost falls when
 * production ends. The IRR is the continuously compounded rate y that makes the
 * NPV zero: GSL Brent on the largest sign change of NPV(y) over y in [-0.9, 10].
 */
#include "soso/error.h"
#include "soso/valuation.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <string.h>

static void expected_prices(const soso_mine *m, double t, double *p) {
  for (int i = 0; i < m->pmodel.d.n; i++) {
    const soso_factor *f = &m->pmodel.d.f[i];
    if (f->kind == SOSO_PRICE_OU) {
      double b = exp(-f->kappa * t);
      double mean = f->alpha + (log(f->s0) - f->alpha) * b;
      double var = f->sigma * f->sigma * -expm1(-2.0 * f->kappa * t) / (2.0 * f->kappa);
      p[i] = exp(mean + 0.5 * var);
    } else {
      p[i] = f->s0 * exp(f->mu * t);
    }
  }
}

/* NPV at rate y (per year, continuous) of the plan. */
typedef struct plan {
  const soso_mine *m;
  double dt;        /* period between production dates */
  size_t n_prod;    /* production dates */
  double last_ore;  /* ore of the last production date */
  double t_end;     /* when production ends and closure starts */
} plan;

static double npv_at(double y, void *vp) {
  const plan *pl = vp;
  const soso_mine *m = pl->m;
  double level = m->capacity * pl->dt / m->period_years, p[SOSO_MAX_FACTORS];
  double npv = -m->capital_cost;
  for (size_t n = 0; n < pl->n_prod; n++) {
    double t = (double)n * pl->dt;
    expected_prices(m, t, p);
    soso_mine_flow f;
    soso_mine_operate(&f, m, t, p, n + 1 == pl->n_prod ? pl->last_ore : level, pl->dt);
    npv += f.net * exp(-y * t);
  }
  npv -= soso_mine_closure_at(m, pl->t_end, y) * exp(-y * pl->t_end);
  return npv;
}

int soso_valuation_static_plan(soso_static *out, const soso_mine *m) {
  if (!out || !m) return soso_error_set(SOSO_EUSAGE, "static plan: missing argument");
  memset(out, 0, sizeof *out);
  plan pl = {m, m->step_years, 0, 0.0, 0.0};
  double level = m->capacity * pl.dt / m->period_years;
  double levels = m->reserve / level;
  double full = floor(levels + 1e-9 * levels);
  size_t dates = (size_t)nearbyint(m->horizon_years / pl.dt) + 1;
  double rest = m->reserve - full * level;
  pl.n_prod = (size_t)full + (rest > 1e-9 * m->reserve ? 1 : 0);
  pl.last_ore = pl.n_prod > (size_t)full ? rest : level;
  if (pl.n_prod > dates) {
    pl.n_prod = dates;
    pl.last_ore = level;
  }
  pl.t_end = (double)pl.n_prod * pl.dt;
  out->life_years = pl.t_end;
  double rate = m->discount_rate + m->property_tax;
  out->npv = npv_at(rate, &pl);
  out->undiscounted = npv_at(0.0, &pl);
  /* Scan down from the top for the largest sign change, then Brent inside it. A
   * closure cost at the end can give a second, lower root (at very negative rates
   * the last flow dominates); the investment's IRR is the largest one. */
  double yhi = 10.0, fhi = npv_at(yhi, &pl);
  for (int i = 1; i <= 109; i++) {
    double y = 10.0 - 0.1 * i, f = npv_at(y, &pl);
    if (isfinite(f) && isfinite(fhi) && (f > 0.0) != (fhi > 0.0) && fhi != 0.0) {
      gsl_function fn = {npv_at, &pl};
      gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
      if (!s) return soso_error_set(SOSO_ENOMEM, "static plan: out of memory");
      if (gsl_root_fsolver_set(s, &fn, y, yhi) == GSL_SUCCESS) {
        for (int it = 0; it < 200; it++) {
          if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS) break;
          double x = gsl_root_fsolver_root(s);
          if (gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
                                     1e-12, 0.0) == GSL_SUCCESS) {
            out->irr = x;
            out->has_irr = 1;
            break;
          }
        }
      }
      gsl_root_fsolver_free(s);
      break;
    }
    yhi = y;
    fhi = f;
  }
  return SOSO_OK;
}

/* Q-expected price of each factor at t. */
static void q_expected(const soso_qmodel *q, double t, double *p) {
  soso_mine tmp;
  memset(&tmp, 0, sizeof tmp);
  tmp.pmodel.d = q->d;
  expected_prices(&tmp, t, p);
}

int soso_valuation_static_value_q(double *out, const soso_switching *sw) {
  if (!out || !sw || !sw->mine) return soso_error_set(SOSO_EUSAGE, "static value: missing argument");
  double p[SOSO_MAX_FACTORS], v = 0.0;
  size_t k = sw->n_levels - 1, n = 0;
  for (; n < sw->n_dates && k > 0; n++) {
    q_expected(&sw->q, (double)n * sw->dt, p);
    v += soso_valuation_switching_reward(sw, n, k, p, SOSO_MODE_OPEN, SOSO_MODE_OPEN);
    k = soso_valuation_switching_next_level(sw, k, SOSO_MODE_OPEN);
  }
  if (n < sw->n_dates) /* exhausted: closed for good at the next date */
    v += soso_valuation_switching_reward(sw, n, 0, p, SOSO_MODE_OPEN, SOSO_MODE_ABANDONED);
  else
    v += soso_valuation_switching_terminal(sw, SOSO_MODE_OPEN);
  *out = v;
  return SOSO_OK;
}
