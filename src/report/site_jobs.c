/* site_jobs.c - the employment fan chart of one mine for the report: how many
 * people the mine employs month by month when it follows its optimal switching
 * policy along real-world price paths.
 *
 * STAND-IN: the engine's operations simulation (include/soso/operations.h,
 * soso_ops_simulate) was declared but not yet implemented when the report was
 * written; this file follows the same conventions with public pieces only, and
 * counts nothing else: the mine opens in month 0 with its full reserve; the policy
 * (soso_policy_decide) is consulted every soso_policy_step years (whole months) and
 * its mode holds until the next decision; an open month mines capacity per month
 * (or what is left); employment ramps linearly from the care crew to the operating
 * crew over ramp_up_months after each (re)opening (from zero at the first one);
 * a closed month employs the care crew; abandonment or exhaustion ends the jobs.
 * Prices come from the mine's real-world model (soso_pmodel_paths_mt, stream
 * SOSO_STREAM_PRICES), so path i is the same whatever the thread count, and the
 * per-month quantiles are computed from the full sorted sample (type 7, GSL).
 * Invariant: the path loop allocates nothing (buffers are sized up front).
 */
#include "report/report_int.h"

#include "soso/chart.h"
#include "soso/error.h"
#include "soso/rng.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

void rpt_jobs_free(rpt_jobs *j) {
  if (!j) return;
  free(j->q05);
  free(j->q50);
  free(j->q95);
  free(j->share_open);
  free(j->share_closed);
  memset(j, 0, sizeof *j);
}

/* Follows the policy on one path; writes n_months employments and modes
 * (1 open, 2 closed, 0 ended). Returns 0 or the policy's error. */
static int follow(const soso_policy *p, const soso_mine *m, const double *prices, int nf,
                  size_t n_months, long step, double *emp, signed char *mode_out,
                  size_t *closures) {
  double reserve = m->reserve;
  double per_month = m->capacity / m->period_years / 12.0;
  double ramp = m->ramp_up_months > 0.0 ? m->ramp_up_months : 1.0;
  int mode = SOSO_MODE_OPEN;
  double ramp_from = 0.0; /* employment the current ramp starts from */
  long since_open = 0;    /* months since the last (re)opening */
  *closures = 0;
  for (size_t j = 0; j < n_months; j++) {
    if (mode != SOSO_MODE_ABANDONED && (long)j % step == 0) {
      int next = mode;
      int rc = soso_policy_decide(p, (double)j / 12.0, reserve, prices + j * (size_t)nf, mode,
                                  &next);
      if (rc < 0) return rc;
      if (mode == SOSO_MODE_OPEN && next == SOSO_MODE_CLOSED) (*closures)++;
      if (mode == SOSO_MODE_CLOSED && next == SOSO_MODE_OPEN) {
        ramp_from = m->care_crew;
        since_open = 0;
      }
      mode = next;
    }
    if (mode == SOSO_MODE_OPEN) {
      double ore = reserve < per_month ? reserve : per_month;
      reserve -= ore;
      double share = (double)(since_open + 1) / ramp;
      if (share > 1.0) share = 1.0;
      emp[j] = ramp_from + (m->operating_crew - ramp_from) * share;
      since_open++;
      mode_out[j] = 1;
      if (reserve <= 1e-9 * m->reserve) mode = SOSO_MODE_ABANDONED;
    } else if (mode == SOSO_MODE_CLOSED) {
      emp[j] = m->care_crew;
      mode_out[j] = 2;
    } else {
      emp[j] = 0.0;
      mode_out[j] = 0;
    }
  }
  return 0;
}

int rpt_jobs_simulate(rpt_jobs *out, const soso_policy *p, const soso_mine *m,
                      size_t n_paths, size_t n_months, uint64_t seed, int n_threads) {
  memset(out, 0, sizeof *out);
  if (!p || !m || n_paths < 2 || n_months < 1)
    return soso_error_set(SOSO_EUSAGE, "report: jobs simulation needs a policy, a mine, "
                                       ">= 2 paths and >= 1 month");
  int nf = m->pmodel.d.n;
  long step = lround(soso_policy_step(p) * 12.0);
  if (step < 1) step = 1;
  size_t row = (n_months + 1) * (size_t)nf;
  double *prices = malloc(n_paths * row * sizeof *prices);
  double *emp = malloc(n_paths * n_months * sizeof *emp);
  signed char *mode = malloc(n_paths * n_months);
  size_t *closures = malloc(n_paths * sizeof *closures);
  double *col = malloc(n_paths * sizeof *col);
  out->q05 = malloc(n_months * sizeof *out->q05);
  out->q50 = malloc(n_months * sizeof *out->q50);
  out->q95 = malloc(n_months * sizeof *out->q95);
  out->share_open = malloc(n_months * sizeof *out->share_open);
  out->share_closed = malloc(n_months * sizeof *out->share_closed);
  int rc = 0;
  if (!prices || !emp || !mode || !closures || !col || !out->q05 || !out->q50 || !out->q95 ||
      !out->share_open || !out->share_closed) {
    rc = soso_error_set(SOSO_ENOMEM, "report: out of memory (jobs simulation)");
    goto done;
  }
  soso_rng rng = soso_rng_make(seed, SOSO_STREAM_PRICES);
  rc = soso_pmodel_paths_mt(&m->pmodel, &rng, 0, n_paths, n_months, 1.0 / 12.0, prices,
                            n_threads);
  if (rc < 0) goto done;
  int failed = 0;
  int nt = n_threads > 0 ? n_threads : omp_get_max_threads();
#pragma omp parallel for schedule(static) num_threads(nt) reduction(| : failed)
  for (size_t i = 0; i < n_paths; i++) {
    if (follow(p, m, prices + i * row, nf, n_months, step, emp + i * n_months,
               mode + i * n_months, &closures[i]) < 0)
      failed = 1;
  }
  if (failed) {
    rc = soso_error_set(SOSO_ENUMERIC, "report: the policy of %s failed on a price path",
                        m->name);
    goto done;
  }
  size_t with_closure = 0, open_months = 0;
  for (size_t i = 0; i < n_paths; i++) with_closure += closures[i] > 0;
  for (size_t j = 0; j < n_months; j++) {
    size_t n_open = 0, n_closed = 0;
    for (size_t i = 0; i < n_paths; i++) {
      col[i] = emp[i * n_months + j];
      n_open += mode[i * n_months + j] == 1;
      n_closed += mode[i * n_months + j] == 2;
    }
    open_months += n_open;
    gsl_sort(col, 1, n_paths);
    out->q05[j] = gsl_stats_quantile_from_sorted_data(col, 1, n_paths, 0.05);
    out->q50[j] = gsl_stats_quantile_from_sorted_data(col, 1, n_paths, 0.50);
    out->q95[j] = gsl_stats_quantile_from_sorted_data(col, 1, n_paths, 0.95);
    out->share_open[j] = (double)n_open / (double)n_paths;
    out->share_closed[j] = (double)n_closed / (double)n_paths;
  }
  out->n_paths = n_paths;
  out->n_months = n_months;
  out->seed = seed;
  out->p_temporary_closure = (double)with_closure / (double)n_paths;
  out->mean_months_open = (double)open_months / (double)n_paths;
done:
  free(prices);
  free(emp);
  free(mode);
  free(closures);
  free(col);
  if (rc < 0) rpt_jobs_free(out);
  return rc;
}

int rpt_jobs_chart(const rpt_jobs *j, const char *site_name, double start_year,
                   const char *path) {
  soso_chart *c = NULL;
  size_t n = j->n_months;
  double *x = malloc(n * sizeof *x), *pct_open = malloc(n * sizeof *x),
         *pct_closed = malloc(n * sizeof *x);
  int rc = soso_chart_new(&c, 640, 520, 2, 1);
  if (rc == 0 && (!x || !pct_open || !pct_closed))
    rc = soso_error_set(SOSO_ENOMEM, "report: out of memory (jobs chart)");
  if (rc < 0) goto done;
  for (size_t k = 0; k < n; k++) {
    x[k] = start_year + (double)k / 12.0;
    pct_open[k] = 100.0 * j->share_open[k];
    pct_closed[k] = 100.0 * j->share_closed[k];
  }
  char title[256], sub[256];
  snprintf(title, sizeof title, "%s: people employed at the mine", site_name);
  snprintf(sub, sizeof sub, "%zu price scenarios (seed %llu); the mine follows its best "
           "open / close policy", j->n_paths, (unsigned long long)j->seed);
  soso_chart_title(c, title, sub);
  soso_chart_source(c, "soso report; mine, prices and costs partly assumed (see Methods)");
  soso_rgb blue = soso_palette(5), orange = soso_palette(1);
  soso_chart_panel(c, 0);
  soso_chart_panel_title(c, "Direct jobs at the mine");
  soso_chart_axes(c, "Year", "Workers (people)");
  soso_chart_xyears(c, 1);
  rc = soso_chart_band(c, x, j->q05, j->q95, n, "5-95 % of scenarios", blue, 0.25);
  if (rc == 0) rc = soso_chart_line(c, x, j->q50, n, "median", blue, 2.0, 0);
  soso_chart_panel(c, 1);
  soso_chart_panel_title(c, "Is the mine working?");
  soso_chart_axes(c, "Year", "Share of scenarios (%)");
  soso_chart_xyears(c, 1);
  soso_chart_yrange(c, 0.0, 100.0);
  if (rc == 0) rc = soso_chart_line(c, x, pct_open, n, "open", blue, 2.0, 0);
  if (rc == 0)
    rc = soso_chart_line(c, x, pct_closed, n, "closed for a while (care and maintenance)",
                         orange, 2.0, 1);
  if (rc == 0) rc = soso_chart_save(c, path);
done:
  soso_chart_free(c);
  free(x);
  free(pct_open);
  free(pct_closed);
  return rc;
}
