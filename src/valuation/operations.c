/* operations.c - following a switching policy month by month along real-world
 * price paths, and the distributions of what happens (ops.h).
 *
 * soso_ops_follow is the per-path kernel (allocation-free, shared with the region
 * stage's district simulation); soso_ops_simulate draws P paths with the market
 * module, runs the kernel on each in an OpenMP loop (path i = rng path index i, all
 * per-path results stored by path index), then reduces in path order, so the
 * result does not depend on the thread count. Quantiles: GSL's
 * gsl_stats_quantile_from_sorted_data (linear interpolation, type 7).
 */
#include "soso/error.h"
#include "soso/ops.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

static const double k_q[5] = SOSO_OPS_QUANTILES;

/* Writes x into month j of an optional caller array. */
static inline void put(double *a, size_t j, double x) {
  if (a) a[j] = x;
}

struct soso_ops_tab {
  size_t n;      /* months tabulated */
  double step;   /* the policy's decision step the dates were made for */
  double *infl;  /* [n] soso_mine_inflation at k / 12 years */
  long *date;    /* [n] decision date index of month k: floor(t / step + 1e-9) */
  double *frac;  /* [n] ramp-up fraction after k + 1 open months (before capping) */
};

/* The month's time, decision date and ramp-up fraction, exactly as the loop below
 * forms them without a table. */
static inline double month_t(size_t k) { return (double)k * (1.0 / 12.0); }
static inline long month_date(double t, double step) {
  double dd = t / step + 1e-9; /* >= 0 in practice: truncation is floor, cheaper */
  return dd >= 0.0 ? (long)dd : (long)floor(dd);
}
static inline double ramp_frac(const soso_mine *m, size_t ramp) {
  return (double)(ramp + 1) / m->ramp_up_months;
}

int soso_ops_tab_new(soso_ops_tab **out, const soso_policy *p, const soso_mine *m,
                     size_t n_months) {
  *out = NULL;
  if (!p || !m || n_months == 0) return soso_error_set(SOSO_EUSAGE, "operations: no tables");
  soso_ops_tab *t = calloc(1, sizeof *t);
  if (t) {
    t->infl = malloc(n_months * sizeof *t->infl);
    t->date = malloc(n_months * sizeof *t->date);
    t->frac = malloc(n_months * sizeof *t->frac);
  }
  if (!t || !t->infl || !t->date || !t->frac) {
    soso_ops_tab_free(t);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  t->n = n_months;
  t->step = soso_valuation_policy_step(p);
  for (size_t k = 0; k < n_months; k++) {
    double tk = month_t(k);
    t->infl[k] = soso_mine_inflation(m, tk);
    t->date[k] = month_date(tk, t->step);
    t->frac[k] = m->ramp_up_months > 0.0 ? ramp_frac(m, k) : 1.0;
  }
  *out = t;
  return 0;
}

void soso_ops_tab_free(soso_ops_tab *t) {
  if (!t) return;
  free(t->infl);
  free(t->date);
  free(t->frac);
  free(t);
}

int soso_ops_follow(const soso_policy *p, const soso_mine *m, const double *prices,
                    size_t n_months, size_t start_month, soso_ops_path *out) {
  return soso_ops_follow_tab(NULL, p, m, prices, n_months, start_month, out);
}

int soso_ops_follow_tab(const soso_ops_tab *tab, const soso_policy *p, const soso_mine *m,
                        const double *prices, size_t n_months, size_t start_month,
                        soso_ops_path *out) {
  if (!p || !m || !prices || !out || !out->mode)
    return soso_error_set(SOSO_EUSAGE, "operations: missing argument");
  if (start_month >= n_months)
    return soso_error_set(SOSO_EUSAGE, "operations: start month %zu is not before month %zu",
                          start_month, n_months);
  size_t F = (size_t)m->pmodel.d.n;
  const double month = 1.0 / 12.0, per = month / m->period_years; /* periods per month */
  double ore_month = m->capacity * per, reserve = m->reserve;
  double step = soso_valuation_policy_step(p);
  if (tab && (tab->n < n_months - start_month || !(tab->step == step)))
    return soso_error_set(SOSO_EUSAGE, "operations: tables of %zu months for step %g, not %zu "
                          "months for step %g", tab->n, tab->step, n_months - start_month, step);
  size_t closure_months = (size_t)lround(m->closure_years * 12.0);
  if (closure_months == 0) closure_months = 1;
  size_t months_open = 0, n_switches = 0; /* counted in registers, stored at the end */
  out->end_reason = SOSO_OPS_RUNNING;
  out->end_month = n_months;
  out->hired_at_start = 0;
  out->layoff_12 = 0.0;
  int mode = SOSO_MODE_OPEN;
  double ramp_base = 0.0; /* employment a ramp-up starts from: 0 at first, then the care crew */
  long last_date = -1;
  size_t closing_from = 0, ramp = 0; /* closure start month; months open since opening */
  /* The output arrays in locals: a store through out->mode (a char) could alias the
   * struct, which would make the compiler reload every pointer after it. */
  signed char *o_mode = out->mode;
  double *o_emp = out->employment, *o_wages = out->wages, *o_roy = out->royalties,
         *o_tax = out->taxes, *o_cash = out->cash_flow, *o_ore = out->ore;
  for (size_t j = 0; j < start_month; j++) {
    o_mode[j] = SOSO_OPS_NOT_STARTED;
    put(o_emp, j, 0.0);
    put(o_wages, j, 0.0);
    put(o_roy, j, 0.0);
    put(o_tax, j, 0.0);
    put(o_cash, j, 0.0);
    put(o_ore, j, 0.0);
  }
  for (size_t j = start_month; j < n_months; j++) {
    size_t k = j - start_month;
    double t = month_t(k);
    double infl = tab ? tab->infl[k] : soso_mine_inflation(m, t);
    const double *pr = prices + j * F;
    double cash = j == start_month ? -m->capital_cost : 0.0, emp = 0.0, roy = 0.0, tax = 0.0,
           ore = 0.0;
    long date = tab ? tab->date[k] : month_date(t, step);
    if (mode != SOSO_MODE_ABANDONED && date != last_date) {
      last_date = date;
      int next = mode;
      int rc = soso_valuation_policy_decide(p, t, reserve, pr, mode, &next);
      if (rc < 0) {
        out->months_open = months_open;
        out->n_switches = n_switches;
        return rc;
      }
      if (next != mode) {
        if (next == SOSO_MODE_CLOSED) cash -= m->close_cost * infl;
        if (next == SOSO_MODE_OPEN) {
          cash -= m->open_cost * infl;
          ramp = 0;
          ramp_base = m->care_crew;
        }
        if (next == SOSO_MODE_ABANDONED) {
          out->end_reason = SOSO_OPS_ABANDONED;
          out->end_month = j;
          closing_from = j;
        } else {
          n_switches++;
        }
        if (j - start_month < 12 && mode == SOSO_MODE_OPEN && out->hired_at_start) {
          double kept = next == SOSO_MODE_CLOSED && m->operating_crew > 0.0
                            ? m->care_crew / m->operating_crew : 0.0;
          double l = 1.0 - (kept < 1.0 ? kept : 1.0);
          if (l > out->layoff_12) out->layoff_12 = l;
        }
      }
      mode = next;
      if (j == start_month) out->hired_at_start = mode == SOSO_MODE_OPEN;
    }
    o_mode[j] = (signed char)mode;
    if (mode == SOSO_MODE_OPEN) {
      ore = ore_month < reserve ? ore_month : reserve;
      soso_mine_flow f;
      soso_mine_operate_infl(&f, m, infl, pr, ore, month);
      cash += f.net;
      roy = f.royalty;
      tax = f.tax;
      reserve -= ore;
      double frac = tab ? tab->frac[ramp] : m->ramp_up_months > 0.0 ? ramp_frac(m, ramp) : 1.0;
      emp = ramp_base + (m->operating_crew - ramp_base) * (frac < 1.0 ? frac : 1.0);
      ramp++;
      months_open++;
      if (reserve <= 1e-9 * m->reserve) { /* mined out at the end of this month */
        mode = SOSO_MODE_ABANDONED;
        out->end_reason = SOSO_OPS_EXHAUSTED;
        out->end_month = j + 1;
        closing_from = j + 1;
        if (j - start_month < 11 && out->hired_at_start) out->layoff_12 = 1.0;
      }
    } else if (mode == SOSO_MODE_CLOSED) {
      cash -= m->care_cost * per * infl;
      emp = m->care_crew;
    } else if (j >= closing_from && j < closing_from + closure_months) {
      cash -= m->closure_cost / (double)closure_months * infl;
    }
    put(o_emp, j, emp);
    put(o_wages, j, emp * m->wage * per * infl);
    put(o_roy, j, roy);
    put(o_tax, j, tax);
    put(o_cash, j, cash);
    put(o_ore, j, ore);
  }
  out->months_open = months_open;
  out->n_switches = n_switches;
  return 0;
}

void soso_ops_result_free(soso_ops_result *r) {
  if (!r) return;
  free(r->price_band);
  free(r->employment_band);
  free(r->employment_mean);
  free(r->share_open);
  free(r->share_closed);
  free(r->share_abandoned_t);
  free(r);
}

/* Per-path outputs kept for the reduction (all indexed by path). */
typedef struct per_path {
  double *px;            /* n x M x F prices */
  signed char *mode;     /* n x M modes */
  double *emp;           /* n x M employment */
  double *tot;           /* n x 9 totals, see enum below */
  double *buf;           /* nt x 5M thread scratch: wages, royalties, taxes, cash, ore */
} per_path;

enum { T_OPEN, T_SWITCH, T_END, T_REASON, T_WAGES, T_ROY, T_TAX, T_CASH, T_NPV, T_HIRED,
       T_LAYOFF, T_EMP, T_OPJOBS, T_CAREJOBS, T_N };

int soso_ops_simulate(soso_ops_result **out, const soso_policy *p, const soso_mine *m,
                      const soso_ops_opts *o) {
  *out = NULL;
  if (!p || !m || !o) return soso_error_set(SOSO_EUSAGE, "simulate: missing argument");
  if (o->n_paths < 2)
    return soso_error_set(SOSO_EUSAGE, "simulate: %zu paths (want at least 2)", o->n_paths);
  if (!(o->years > 0.0) || !(o->years <= 200.0))
    return soso_error_set(SOSO_EUSAGE, "simulate: %g years (want more than 0, at most 200)",
                          o->years);
  size_t n = o->n_paths, M = (size_t)lround(o->years * 12.0), F = (size_t)m->pmodel.d.n;
  if (M < 1) M = 1;
  int nt = o->n_threads > 0 ? o->n_threads : omp_get_max_threads();
  per_path w = {0};
  soso_ops_result *r = calloc(1, sizeof *r);
  w.px = malloc(n * M * F * sizeof *w.px);
  w.mode = malloc(n * M);
  w.emp = malloc(n * M * sizeof *w.emp);
  w.tot = malloc(n * T_N * sizeof *w.tot);
  w.buf = malloc((size_t)nt * 5 * M * sizeof *w.buf);
  double *col = malloc((n > M ? n : M) * 2 * sizeof *col);
  double *disc = malloc(M * sizeof *disc); /* discount factor by month */
  soso_ops_tab *tab = NULL;
  int rc = soso_ops_tab_new(&tab, p, m, M); /* its own message if it fails */
  if (r) {
    r->price_band = malloc(M * F * 5 * sizeof *r->price_band);
    r->employment_band = malloc(M * 5 * sizeof *r->employment_band);
    r->employment_mean = malloc(M * sizeof *r->employment_mean);
    r->share_open = malloc(M * sizeof *r->share_open);
    r->share_closed = malloc(M * sizeof *r->share_closed);
    r->share_abandoned_t = malloc(M * sizeof *r->share_abandoned_t);
  }
  if (rc < 0) goto done;
  if (!r || !w.px || !w.mode || !w.emp || !w.tot || !w.buf || !col || !disc || !r->price_band ||
      !r->employment_band || !r->employment_mean || !r->share_open || !r->share_closed || !r->share_abandoned_t) {
    rc = soso_error_set(SOSO_ENOMEM, "simulate: out of memory for %zu paths x %zu months", n, M);
    goto done;
  }
  r->n_paths = n;
  r->n_months = M;
  r->years = o->years;
  r->seed = o->seed;
  r->n_factors = (int)F;
  soso_rng rng = soso_rng_make(o->seed, SOSO_STREAM_PRICES);
  /* Per-month factors every path shares, computed once (the same expressions). */
  for (size_t j = 0; j < M; j++) disc[j] = exp(-m->discount_rate * (double)j / 12.0);
  int status = 0;
  long ln = (long)n;
#pragma omp parallel for schedule(static) num_threads(nt)
  for (long li = 0; li < ln; li++) {
    size_t i = (size_t)li;
    double *px = w.px + i * M * F, *b = w.buf + (size_t)omp_get_thread_num() * 5 * M;
    int prc = soso_market_pmodel_paths(&m->pmodel, &rng, i, 1, M - 1, 1.0 / 12.0, px);
    soso_ops_path path = {w.mode + i * M, w.emp + i * M, b, b + M, b + 2 * M, b + 3 * M,
                          b + 4 * M, 0, 0, 0, 0, 0, 0.0};
    if (prc == 0) prc = soso_ops_follow_tab(tab, p, m, px, M, 0, &path);
    if (prc < 0) {
#pragma omp atomic write
      status = prc;
      continue;
    }
    double *t = w.tot + i * T_N;
    memset(t, 0, T_N * sizeof *t);
    for (size_t j = 0; j < M; j++) {
      t[T_WAGES] += b[j];
      t[T_ROY] += b[M + j];
      t[T_TAX] += b[2 * M + j];
      t[T_CASH] += b[3 * M + j];
      t[T_NPV] += b[3 * M + j] * disc[j];
      double e = path.employment[j];
      t[T_EMP] += e / (double)M;
      if (path.mode[j] == SOSO_MODE_OPEN) t[T_OPJOBS] += e / (double)M;
      if (path.mode[j] == SOSO_MODE_CLOSED) t[T_CAREJOBS] += e / (double)M;
    }
    t[T_OPEN] = (double)path.months_open;
    t[T_SWITCH] = (double)path.n_switches;
    t[T_END] = (double)path.end_month;
    t[T_REASON] = path.end_reason;
    t[T_HIRED] = path.hired_at_start;
    t[T_LAYOFF] = path.layoff_12;
  }
  if (status < 0) {
    rc = status;
    goto done;
  }
  /* Reductions, in path order. */
  static const int k_fields[] = {T_OPEN, T_SWITCH, T_EMP, T_OPJOBS, T_CAREJOBS, T_WAGES,
                                 T_ROY, T_TAX, T_CASH, T_NPV};
  soso_summary *k_stats[] = {&r->months_open, &r->switches, &r->employment,
                              &r->operating_jobs, &r->care_jobs, &r->wages, &r->royalties,
                              &r->taxes, &r->cash_flow, &r->npv};
  for (size_t f = 0; f < sizeof k_fields / sizeof k_fields[0]; f++) {
    for (size_t i = 0; i < n; i++) col[i] = w.tot[i * T_N + (size_t)k_fields[f]];
    soso_summary_of(k_stats[f], col, n);
  }
  size_t n_end = 0, n_ex = 0, n_hired = 0;
  double layoff = 0.0;
  for (size_t i = 0; i < n; i++) {
    const double *t = w.tot + i * T_N;
    if (t[T_REASON] != SOSO_OPS_RUNNING) col[n_end++] = t[T_END] / 12.0;
    n_ex += t[T_REASON] == SOSO_OPS_EXHAUSTED;
    if (t[T_HIRED] > 0.0) {
      n_hired++;
      layoff += t[T_LAYOFF];
    }
  }
  soso_summary_of(&r->years_to_end, col, n_end);
  r->share_exhausted = (double)n_ex / (double)n;
  r->share_abandoned = (double)(n_end - n_ex) / (double)n;
  r->share_running = 1.0 - (double)n_end / (double)n;
  r->p_hired_at_start = (double)n_hired / (double)n;
  r->p_layoff_12 = n_hired ? layoff / (double)n_hired : 0.0;
  /* Spells: maximal runs of one mode, the last one possibly cut by the end. */
  for (int which = 0; which < 2; which++) {
    int md = which == 0 ? SOSO_MODE_OPEN : SOSO_MODE_CLOSED;
    size_t ns = 0, cap = n * M; /* at most one spell per month */
    double *sp = malloc(cap * sizeof *sp);
    if (!sp) {
      rc = soso_error_set(SOSO_ENOMEM, "simulate: out of memory for spells");
      goto done;
    }
    for (size_t i = 0; i < n; i++) {
      const signed char *mo = w.mode + i * M;
      size_t len = 0;
      for (size_t j = 0; j <= M; j++) {
        if (j < M && mo[j] == md) {
          len++;
        } else if (len) {
          sp[ns++] = (double)len;
          len = 0;
        }
      }
    }
    soso_summary_of(which == 0 ? &r->open_spell : &r->closed_spell, sp, ns);
    free(sp);
  }
  /* Bands over time. */
  for (size_t j = 0; j < M; j++) {
    size_t no = 0, nc = 0;
    double se = 0.0;
    for (size_t i = 0; i < n; i++) {
      signed char mo = w.mode[i * M + j];
      no += mo == SOSO_MODE_OPEN;
      nc += mo == SOSO_MODE_CLOSED;
      col[i] = w.emp[i * M + j];
      se += col[i];
    }
    r->employment_mean[j] = se / (double)n;
    r->share_open[j] = (double)no / (double)n;
    r->share_closed[j] = (double)nc / (double)n;
    r->share_abandoned_t[j] = 1.0 - r->share_open[j] - r->share_closed[j];
    gsl_sort(col, 1, n);
    for (int k = 0; k < 5; k++)
      r->employment_band[j * 5 + (size_t)k] = gsl_stats_quantile_from_sorted_data(col, 1, n, k_q[k]);
    for (size_t f = 0; f < F; f++) {
      for (size_t i = 0; i < n; i++) col[i] = w.px[(i * M + j) * F + f];
      gsl_sort(col, 1, n);
      for (int k = 0; k < 5; k++)
        r->price_band[(j * F + f) * 5 + (size_t)k] =
            gsl_stats_quantile_from_sorted_data(col, 1, n, k_q[k]);
    }
  }
done:
  free(w.px);
  free(w.mode);
  free(w.emp);
  free(w.tot);
  free(w.buf);
  free(col);
  free(disc);
  soso_ops_tab_free(tab);
  if (rc < 0) {
    soso_ops_result_free(r);
    return rc;
  }
  *out = r;
  return 0;
}
