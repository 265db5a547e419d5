/* mine.h - the mine file: one small mine's geology, plant, costs, fiscal terms,
 * workforce and price model, loaded from YAML.
 *
 * Units. Money is in the file's own unit (money_unit: "$ million", "EUR", ...).
 * Ore is counted in the file's ore unit (ore_unit: "t" by default). Quantities
 * "per period" (capacity, fixed cost, care cost, wage) are per the file's period
 * (period: month, quarter or year; period_years converts). Rates (discount,
 * inflation, taxes on value) are per year and continuously compounded: a cost c
 * at time t years costs c * exp(inflation * t), a cash flow x at t is worth
 * x * exp(-rate * t) today. Prices are in the price unit of each commodity's
 * factor; price_scale converts "price x metal units" into money units.
 *
 * Revenue of one ore unit at prices P (net smelter return, before royalty):
 *   rev(P) = sum_i price_scale * grade_i * recovery_i * payable_i
 *                   * (P_i - refining_charge_i)  -  treatment_charge_i
 * Metallurgical and smelter terms are market terms and do not inflate; costs do.
 *
 * Invariants after a successful soso_mine_load: every number is finite and in its
 * documented range; 1 <= n_commodities <= SOSO_MAX_FACTORS; commodity i is priced
 * by factor commodity[i].factor of pmodel; pmodel passes the market module's checks;
 * step_years divides horizon_years into whole steps.
 */
#ifndef SOSO_MINE_H
#define SOSO_MINE_H

#include "soso/factor.h"
#include "soso/market.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { SOSO_MINE_TEXT_MAX = 64 };

/* One payable commodity of the ore. */
typedef struct soso_mine_commodity {
  char name[SOSO_NAME_MAX]; /* commodity name, e.g. "ZINC"; also its price factor's name */
  double grade;             /* metal per ore unit, in the metal unit the price is quoted per
                               (t/t for US$/t, lb per ore unit for $/lb, oz/t for $/oz) */
  double recovery;          /* metallurgical recovery, 0..1 */
  double payable;           /* payable fraction of the recovered metal, 0..1 */
  double refining_charge;   /* deducted from the price, in price units per payable metal unit */
  double treatment_charge;  /* money per ore unit (concentrate treatment, freight) */
  int factor;               /* index of its price factor in soso_mine.pmodel.d.f */
} soso_mine_commodity;

/* A loaded mine file. Plain data: read the fields directly; free with
 * soso_mine_free. */
typedef struct soso_mine {
  char *path;                          /* file it was loaded from (owned) */
  char name[SOSO_MINE_TEXT_MAX];       /* mine name */
  char money_unit[SOSO_MINE_TEXT_MAX]; /* e.g. "$ million", "EUR" */
  char ore_unit[SOSO_MINE_TEXT_MAX];   /* e.g. "t" (default), "million lb" */
  char period[SOSO_NAME_MAX];          /* "month" (default), "quarter" or "year" */
  double period_years;                 /* length of one period in years (1/12, 1/4, 1) */

  /* Geology and revenue. */
  double reserve;      /* mineable reserve, ore units, > 0 */
  int n_commodities;   /* payable commodities, 1..SOSO_MAX_FACTORS */
  soso_mine_commodity commodity[SOSO_MAX_FACTORS]; /* the commodities */
  double price_scale;  /* money units per (price unit x metal unit); default 1 */

  /* Plant and costs (money units; all costs inflate at `inflation`). */
  double capacity;       /* ore mined and processed per period at full output, > 0 */
  double cash_cost;      /* variable cost per ore unit mined */
  double fixed_cost;     /* fixed cost per period while open (on top of cash_cost) */
  double capital_cost;   /* initial investment at t = 0, including the modular plant */
  double open_cost;      /* cost of (re)opening from care and maintenance */
  double close_cost;     /* cost of going to care and maintenance */
  double care_cost;      /* care-and-maintenance cost per period while closed */
  double closure_cost;   /* closure and rehabilitation, total over closure_years */
  double closure_years;  /* duration of closure works (spent evenly), >= 0 */
  int allow_abandon;     /* 1 (default): the owner may close the mine for good at any
                            decision date; 0: never (the Dixit entry/exit model) */

  /* Fiscal terms. */
  double royalty;         /* fraction of revenue, 0..1 */
  double income_tax;      /* fraction of revenue - royalty - operating cost, 0..1 */
  int tax_loss_offset;    /* 1: a loss earns a tax credit at income_tax (the owner has
                             other taxable income; Brennan-Schwartz 1985); 0 (default):
                             no tax when the margin is negative */
  double property_tax;    /* per year of the mine's value; acts as an extra discount rate */

  /* Rates (per year, continuously compounded). */
  double inflation;       /* cost inflation */
  double discount_rate;   /* risk-adjusted rate of the classical (static) NPV */
  double risk_free_rate;  /* r of the risk-neutral valuation */

  /* Workforce (used by the operations simulation and impacts). */
  double operating_crew;  /* workers employed while open */
  double care_crew;       /* workers kept while in care and maintenance */
  double ramp_up_months;  /* months after (re)opening until the operating crew is full */
  double wage;            /* money per worker per period (0 if not given) */
  double local_hire;      /* share of the workforce hired locally, 0..1 (0 if not given) */

  /* Price model: real-world dynamics plus the Q adjustments. */
  soso_pmodel pmodel;                  /* P dynamics, one factor per commodity (in order) */
  double delta[SOSO_MAX_FACTORS];      /* GBM convenience yields: Q drift = r - delta */
  double lambda[SOSO_MAX_FACTORS];     /* log-OU market prices of risk */
  soso_factor_origins origin;           /* where each factor came from (file or store) */

  /* Decision problem. */
  double horizon_years;   /* last decision date; the mine is worth nothing after it */
  double step_years;      /* time between decision dates */
} soso_mine;

/* Loads and validates a mine file (YAML; every key is documented in README.md,
 * section "Valuation: soso value", table "The mine file").
 * Unknown keys, missing required keys, negative or out-of-range values and
 * inconsistent combinations fail with SOSO_EDATA and "FILE:LINE: key: reason";
 * an unreadable file fails with SOSO_EIO. *out is NULL on failure; free with
 * soso_mine_free. */
int soso_mine_load(soso_mine **out, const char *path);

/* The same with the price store: factors that say `from_store` are calibrated
 * from store (README.md "Price factors"); store may be NULL, and a from_store
 * factor is then an error saying to import prices or pass --db. */
int soso_mine_load_ex(soso_mine **out, const char *path, soso_store *store);

/* Frees a mine; NULL-safe. */
void soso_mine_free(soso_mine *m);

/* Net smelter revenue of one ore unit at the given factor prices (indexed like
 * pmodel.d.f), in money units, before royalty. */
double soso_mine_revenue_per_ore(const soso_mine *m, const double *prices);

/* Cost inflation factor exp(inflation * t). */
double soso_mine_inflation(const soso_mine *m, double t_years);

/* The cash flows of operating for dt_years from t_years, mining `ore` ore units,
 * at the given prices, in money units of time t (not discounted). */
typedef struct soso_mine_flow {
  double revenue;   /* ore * revenue per ore unit */
  double royalty;   /* royalty * revenue */
  double cost;      /* (ore * cash_cost + fixed_cost per period * periods) * inflation */
  double tax;       /* income tax (negative: a credit, only with tax_loss_offset) */
  double net;       /* revenue - royalty - cost - tax */
} soso_mine_flow;
void soso_mine_operate(soso_mine_flow *out, const soso_mine *m, double t_years,
                       const double *prices, double ore, double dt_years);
/* soso_mine_operate with the inflation factor given: infl = soso_mine_inflation(m, t)
 * gives the same flow to the last bit. For callers that tabulate the factor once
 * (soso_ops_tab_new) instead of one exp per month and path. */
void soso_mine_operate_infl(soso_mine_flow *out, const soso_mine *m, double infl,
                            const double *prices, double ore, double dt_years);

/* The value at time t (money of time t) of closing and rehabilitating the site
 * from t: closure_cost spent evenly over closure_years, inflating from t, each
 * payment discounted back to t at `rate` per year. >= 0; 0 without closure cost.
 * Valuation passes risk_free_rate + property_tax, the static NPV discount_rate. */
double soso_mine_closure_at(const soso_mine *m, double t_years, double rate);

/* The risk-neutral price model for valuation: soso_market_qmodel_from_pmodel with
 * risk_free_rate, delta and lambda. */
int soso_mine_qmodel(soso_qmodel *out, const soso_mine *m);

#ifdef __cplusplus
}
#endif
#endif
