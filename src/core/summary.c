/* summary.c - the distribution summary of include/soso/summary.h (GSL statistics). */
#include "soso/summary.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <string.h>

void soso_summary_of(soso_summary *st, double *x, size_t n) {
  static const double levels[SOSO_SUMMARY_NQ] = SOSO_SUMMARY_LEVELS;
  memset(st, 0, sizeof *st);
  st->n = n;
  if (n == 0) return;
  st->mean = gsl_stats_mean(x, 1, n);
  st->sd = n > 1 ? gsl_stats_sd_m(x, 1, n, st->mean) : 0.0;
  gsl_sort(x, 1, n);
  for (int k = 0; k < SOSO_SUMMARY_NQ; k++)
    st->q[k] = gsl_stats_quantile_from_sorted_data(x, 1, n, levels[k]);
}

/* x[i] + d (x[i+1] - x[i]) with i = floor((n-1) f), as
 * gsl_stats_quantile_from_sorted_data, by two quickselects (gsl_stats_select). */
double soso_quantile_select(double *x, size_t n, double f) {
  double idx = (double)(n - 1) * f;
  size_t i = (size_t)idx;
  double d = idx - (double)i;
  double lo = gsl_stats_select(x, 1, n, i);
  if (d == 0.0 || i + 1 >= n) return lo;
  /* Quickselect leaves x partitioned around i; the (i+1)-th smallest is then the
   * minimum of the upper part. The partition is checked, not assumed: if it does
   * not hold, a second select answers. */
  double below = -HUGE_VAL, hi = HUGE_VAL;
  for (size_t k = 0; k < i; k++) below = x[k] > below ? x[k] : below;
  for (size_t k = i + 1; k < n; k++) hi = x[k] < hi ? x[k] : hi;
  if (below > lo || hi < lo) hi = gsl_stats_select(x, 1, n, i + 1);
  return lo + d * (hi - lo);
}
