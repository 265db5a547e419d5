/* mine_flow.c - the cash flows of a mine: net smelter revenue, operating flows
 * with royalty and income tax, closure cost, and the risk-neutral price model.
 *
 * Conventions (mine.h): costs inflate continuously, exp(inflation t); market terms
 * (prices, refining and treatment charges) do not. Income tax is levied on
 * revenue - royalty - operating cost; a negative base earns a credit only with
 * tax_loss_offset (Brennan & Schwartz 1985 write the after-tax flow as
 * (1 - tax)(S - a), i.e. with the credit).
 */
#include "soso/error.h"
#include "soso/mine.h"

#include <math.h>

double soso_mine_revenue_per_ore(const soso_mine *m, const double *prices) {
  double rev = 0.0;
  for (int i = 0; i < m->n_commodities; i++) {
    const soso_mine_commodity *c = &m->commodity[i];
    rev += m->price_scale * c->grade * c->recovery * c->payable *
               (prices[c->factor] - c->refining_charge) -
           c->treatment_charge;
  }
  return rev;
}

double soso_mine_inflation(const soso_mine *m, double t_years) {
  return exp(m->inflation * t_years);
}

void soso_mine_operate(soso_mine_flow *out, const soso_mine *m, double t_years,
                       const double *prices, double ore, double dt_years) {
  soso_mine_operate_infl(out, m, soso_mine_inflation(m, t_years), prices, ore, dt_years);
}

void soso_mine_operate_infl(soso_mine_flow *out, const soso_mine *m, double infl,
                            const double *prices, double ore, double dt_years) {
  out->revenue = ore * soso_mine_revenue_per_ore(m, prices);
  out->royalty = m->royalty * out->revenue;
  out->cost = (ore * m->cash_cost + m->fixed_cost * dt_years / m->period_years) * infl;
  double base = out->revenue - out->royalty - out->cost;
  out->tax = (base > 0.0 || m->tax_loss_offset) ? m->income_tax * base : 0.0;
  out->net = base - out->tax;
}

double soso_mine_closure_at(const soso_mine *m, double t_years, double rate) {
  if (m->closure_cost <= 0.0) return 0.0;
  double c = m->closure_cost * soso_mine_inflation(m, t_years);
  double x = (m->inflation - rate) * m->closure_years;
  /* Mean of exp((inflation - rate) s) over s in [0, D]: expm1(x)/x, 1 as x -> 0. */
  return fabs(x) < 1e-12 ? c : c * expm1(x) / x;
}

int soso_mine_qmodel(soso_qmodel *out, const soso_mine *m) {
  if (!out || !m) return soso_error_set(SOSO_EUSAGE, "mine: no model");
  return soso_market_qmodel_from_pmodel(out, &m->pmodel, m->risk_free_rate, m->delta, m->lambda);
}
