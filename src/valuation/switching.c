/* switching.c - the rewards of the switch-on / switch-off problem (valuation.h).
 *
 * Brennan & Schwartz (1985) in the discrete-time form of reference README section
 * 2: a decision date's reward is received at that date, at that date's prices, and
 * is discounted to t = 0 by exp(-(r + property tax) t); costs inflate by
 * exp(inflation t). Producing mines one level of reserve: one period dt at full
 * output, or what is left. Both solvers (grid and least-squares Monte Carlo) use
 * these functions, so they solve the same problem.
 */
#include "soso/error.h"
#include "soso/valuation.h"

#include <math.h>
#include <string.h>

int soso_valuation_switching_init(soso_switching *out, const soso_mine *m, const soso_qmodel *q) {
  if (!out || !m || !q) return soso_error_set(SOSO_EUSAGE, "switching: missing argument");
  if (q->d.n != m->pmodel.d.n)
    return soso_error_set(SOSO_EUSAGE, "switching: %s: price model has %d factors, the mine %d",
                          m->path, q->d.n, m->pmodel.d.n);
  memset(out, 0, sizeof *out);
  out->mine = m;
  out->q = *q;
  out->dt = m->step_years;
  out->n_dates = (size_t)nearbyint(m->horizon_years / m->step_years) + 1;
  out->discount = q->r + m->property_tax;
  out->level_ore = m->capacity * m->step_years / m->period_years;
  double levels = m->reserve / out->level_ore;
  double k = ceil(levels - 1e-9 * levels);
  if (k < 1.0) k = 1.0;
  /* The reserve binds only if it cannot last through every decision date. */
  out->reserve_binding = k < (double)out->n_dates;
  out->n_levels = out->reserve_binding ? (size_t)k + 1 : 2;
  return SOSO_OK;
}

double soso_valuation_switching_reserve(const soso_switching *sw, size_t k) {
  if (k == 0) return 0.0;
  if (!sw->reserve_binding || k + 1 >= sw->n_levels) return sw->mine->reserve;
  return (double)k * sw->level_ore;
}

size_t soso_valuation_switching_next_level(const soso_switching *sw, size_t k, int next_mode) {
  if (next_mode == SOSO_MODE_ABANDONED) return 0;
  if (next_mode == SOSO_MODE_OPEN && sw->reserve_binding && k > 0) return k - 1;
  return k;
}

/* Discount factor of date n to t = 0. */
static double disc(const soso_switching *sw, double t) { return exp(-sw->discount * t); }

static double produce(const soso_switching *sw, double t, size_t k, const double *prices) {
  const soso_mine *m = sw->mine;
  double ore = sw->reserve_binding
                   ? soso_valuation_switching_reserve(sw, k) - soso_valuation_switching_reserve(sw, k - 1)
                   : sw->level_ore;
  soso_mine_flow f;
  soso_mine_operate(&f, m, t, prices, ore, sw->dt);
  return f.net;
}

double soso_valuation_switching_reward(const soso_switching *sw, size_t n, size_t k,
                             const double *prices, int mode, int next_mode) {
  const soso_mine *m = sw->mine;
  double t = (double)n * sw->dt;
  double d = disc(sw, t), infl = soso_mine_inflation(m, t);
  double care = m->care_cost * sw->dt / m->period_years;
  if (next_mode == SOSO_MODE_ABANDONED) {
    if (!m->allow_abandon && k > 0) return -HUGE_VAL;
    return -soso_mine_closure_at(m, t, sw->discount) * d;
  }
  if (k == 0) return -HUGE_VAL; /* an exhausted mine can only be abandoned */
  if (mode == SOSO_MODE_OPEN) {
    if (next_mode == SOSO_MODE_OPEN) return produce(sw, t, k, prices) * d;
    if (next_mode == SOSO_MODE_CLOSED) return -(care + m->close_cost) * infl * d;
  } else if (mode == SOSO_MODE_CLOSED) {
    if (next_mode == SOSO_MODE_CLOSED) return -care * infl * d;
    if (next_mode == SOSO_MODE_OPEN)
      return (produce(sw, t, k, prices) - m->open_cost * infl) * d;
  }
  return -HUGE_VAL;
}

double soso_valuation_switching_terminal(const soso_switching *sw, int mode) {
  if (mode == SOSO_MODE_ABANDONED) return 0.0;
  double t = (double)sw->n_dates * sw->dt;
  return -soso_mine_closure_at(sw->mine, t, sw->discount) * disc(sw, t);
}
