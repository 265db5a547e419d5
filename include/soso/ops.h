/* ops.h - following the optimal switching policy along real-world price
 * paths, month by month: modes, employment, wages, royalties, taxes, cash flows,
 * and their distributions over many paths (issue 4, item 3: `soso simulate`).
 *
 * Measures: the policy is computed under the risk-neutral measure Q (valuation),
 * the paths it is followed on are drawn from the real-world model P (the mine's
 * soso_pmodel), because the question is what will happen, not what it is worth.
 *
 * Month conventions. Month j covers [j, j + 1) / 12 years of the simulation. The mine
 * starts at the beginning of month start_month (mine time t = (j - start_month)/12
 * years). The policy is consulted at the first month at or after each of its
 * decision dates (every soso_valuation_policy_step years); the mode then holds until the
 * next decision. Prices of month j are row j of the caller's price array.
 *  - OPEN: ore = capacity per month (capacity / period_years / 12), or what is left;
 *    royalty and income tax from soso_mine_operate; cash flow = its net flow.
 *    Employment ramps linearly from the care crew to the operating crew over
 *    ramp_up_months after each (re)opening (from zero at the first opening).
 *  - CLOSED: care-and-maintenance cost per month; the care crew is employed.
 *  - switching costs (open_cost, close_cost) are paid in the month of the switch.
 *  - ABANDONED (policy choice) or exhausted reserve: closure and rehabilitation
 *    cost spread evenly over closure_years from that month; nobody is employed.
 *  - capital_cost is paid in month start_month.
 * Money is in the mine file's unit, nominal (costs inflate at the mine's inflation)
 * and undiscounted. Wages = employment x wage (per worker per period, inflating):
 * they are part of the operating and care costs, reported for their social effect,
 * not paid on top. Taxes = income tax (property tax on the mine's value is not
 * simulated: the value along a path is not known).
 */
#ifndef SOSO_OPS_H
#define SOSO_OPS_H

#include "soso/mine.h"
#include "soso/sink.h"
#include "soso/summary.h"
#include "soso/valuation.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Mode of a month before the mine has started (in soso_ops_path.mode). */
enum { SOSO_OPS_NOT_STARTED = -1 };

/* How a path ended. */
enum {
  SOSO_OPS_RUNNING = 0,   /* still open or closed at the end of the simulation */
  SOSO_OPS_EXHAUSTED = 1, /* the reserve was mined out */
  SOSO_OPS_ABANDONED = 2  /* the policy abandoned the mine (or its horizon passed) */
};

/* One path followed month by month. The arrays are the CALLER's, each n_months
 * long (any except mode may be NULL); soso_ops_follow fills them and the summary. */
typedef struct soso_ops_path {
  signed char *mode;     /* SOSO_MODE_OPEN / CLOSED / ABANDONED, or SOSO_OPS_NOT_STARTED */
  double *employment;    /* workers employed in the month */
  double *wages;         /* wages paid in the month (money units) */
  double *royalties;     /* royalties paid in the month */
  double *taxes;         /* income tax paid in the month (negative: a credit) */
  double *cash_flow;     /* owner's net cash flow of the month (money units, nominal) */
  double *ore;           /* ore mined in the month (ore units) */
  /* Summary (outputs). */
  size_t months_open;    /* months in mode OPEN */
  size_t n_switches;     /* open -> closed and closed -> open switches */
  int end_reason;        /* SOSO_OPS_RUNNING, EXHAUSTED or ABANDONED */
  size_t end_month;      /* month the mine was exhausted or abandoned (n_months if running) */
  int hired_at_start;    /* 1 if the mine opened in its first month (a crew was hired) */
  double layoff_12;      /* share of the crew hired at start laid off within 12 months:
                            1 when abandoned or exhausted within 12 months, else
                            1 - care_crew / operating_crew when closed within 12 months,
                            else 0 (0 when nobody was hired at start) */
} soso_ops_path;

/* Follows policy p for mine m along one price path: prices is [month][factor],
 * at least n_months rows of m->pmodel.d.n prices. The mine starts at month
 * start_month (< n_months) in mode OPEN with its full reserve; months before are
 * SOSO_OPS_NOT_STARTED with zero flows. Allocation-free and thread-safe (the policy
 * and mine are only read), so a district simulation can run several sites on the
 * same price paths. Returns 0, SOSO_EUSAGE for bad arguments (NULL, start_month
 * >= n_months, the policy's factor count), or the policy's error. */
int soso_ops_follow(const soso_policy *p, const soso_mine *m, const double *prices,
                    size_t n_months, size_t start_month, soso_ops_path *out);

/* What soso_ops_follow computes for every month and path but depends only on the
 * months since the start, tabulated once per mine and policy: the cost inflation
 * factor, the policy's decision date and the ramp-up fraction. Read-only once made,
 * so any number of threads can share it. */
typedef struct soso_ops_tab soso_ops_tab;

/* Tables for n_months months after a start (n_months >= 1). Returns 0,
 * SOSO_EUSAGE or SOSO_ENOMEM. */
int soso_ops_tab_new(soso_ops_tab **out, const soso_policy *p, const soso_mine *m,
                     size_t n_months);
/* NULL-safe. */
void soso_ops_tab_free(soso_ops_tab *t);

/* soso_ops_follow with tables from soso_ops_tab_new for this policy and mine (at
 * least n_months - start_month months; NULL: computed month by month): the same
 * results to the last bit, without an exp and two divisions per month. SOSO_EUSAGE
 * also for a table too short or made for another policy step. */
int soso_ops_follow_tab(const soso_ops_tab *tab, const soso_policy *p, const soso_mine *m,
                        const double *prices, size_t n_months, size_t start_month,
                        soso_ops_path *out);

/* Distributions over paths are soso_summary (include/soso/summary.h): quantiles
 * 5, 25, 50, 75, 95 %. */
#define SOSO_OPS_QUANTILES SOSO_SUMMARY_LEVELS

/* Settings of a simulation. */
typedef struct soso_ops_opts {
  size_t n_paths;   /* price paths (>= 2) */
  double years;     /* simulated years (> 0; months = round(12 years)) */
  uint64_t seed;    /* rng seed of the P paths (SOSO_STREAM_PRICES) */
  int n_threads;    /* OpenMP threads; 0: the OpenMP default */
} soso_ops_opts;
#define SOSO_OPS_OPTS_INIT {1000, 30.0, 42, 0}

/* The distributions. Plain data; free with soso_ops_result_free. Per-month arrays
 * have n_months entries; band arrays hold 5 quantiles per month ([month][5]). */
typedef struct soso_ops_result {
  size_t n_paths, n_months;  /* as simulated */
  double years;              /* simulated years (soso_ops_opts.years) */
  uint64_t seed;             /* the seed used */
  int n_factors;             /* price factors */
  soso_summary months_open;      /* months open per path */
  soso_summary switches;         /* switches per path */
  soso_summary open_spell;       /* lengths (months) of open spells, all paths */
  soso_summary closed_spell;     /* lengths (months) of closed spells, all paths */
  soso_summary years_to_end;     /* years to exhaustion or abandonment (ended paths) */
  double share_exhausted;         /* share of paths ending by exhaustion */
  double share_abandoned;         /* share ending by abandonment */
  double share_running;           /* share still running at the end */
  soso_summary employment;       /* mean monthly employment per path (workers) */
  soso_summary operating_jobs;   /* mean monthly operating-crew employment per path */
  soso_summary care_jobs;        /* mean monthly care-crew employment per path */
  soso_summary wages;            /* total wages per path (money units, nominal) */
  soso_summary royalties;        /* total royalties per path */
  soso_summary taxes;            /* total income tax per path */
  soso_summary cash_flow;        /* total undiscounted cash flow per path */
  soso_summary npv;              /* cash flow discounted at discount_rate, per path */
  double p_layoff_12;             /* probability a worker hired at start is laid off
                                     within 12 months (over paths with a hire at start) */
  double p_hired_at_start;        /* share of paths where the mine opened at once */
  double *price_band;        /* n_months x n_factors x 5 price quantiles */
  double *employment_band;   /* n_months x 5 employment quantiles */
  double *employment_mean;   /* n_months: mean employment over paths (workers) */
  double *share_open;        /* n_months: share of paths open */
  double *share_closed;      /* n_months: share of paths closed (care and maintenance) */
  double *share_abandoned_t; /* n_months: share of paths abandoned or exhausted */
} soso_ops_result;

/* Simulates o->n_paths real-world price paths of m (monthly, from m->pmodel) and
 * follows policy p on each from month 0. Results do not depend on the number of
 * threads (path i uses rng path index i; reductions in path order). *out is NULL on
 * failure. Returns 0, SOSO_EUSAGE for bad options (n_paths < 2, years <= 0 or over
 * 200), SOSO_ENOMEM, or a path/policy error. */
int soso_ops_simulate(soso_ops_result **out, const soso_policy *p, const soso_mine *m,
                      const soso_ops_opts *o);

/* Frees a result; NULL-safe. */
void soso_ops_result_free(soso_ops_result *r);

/* The JSON of `soso simulate --format json` (README.md, "soso simulate") for a
 * result of the policy of valuation v (include/soso/value.h; its mine is the
 * simulated one). */
typedef struct soso_valuation soso_valuation;
int soso_ops_json(const soso_ops_result *r, const soso_valuation *v, soso_write_fn write,
                  void *closure);

/* Fan charts of a result: price (first factor) quantile bands, mode occupancy
 * (shares open / closed / abandoned) and employment bands, as three panels; the
 * format from the extension (.png, .svg, .pdf). Written atomically. */
int soso_ops_fan_chart(const soso_ops_result *r, const soso_mine *m, const char *path);

#ifdef __cplusplus
}
#endif
#endif
