/* site_jobs.c - the employment fan chart of one mine for the report, drawn from the
 * SOSO engine's operations simulation (include/soso/ops.h): the 5 %, 50 %
 * and 95 % points of the people employed month by month when the mine follows its
 * optimal switching policy along real-world price paths, and the shares of paths
 * in which it is open or paused (care and maintenance).
 *
 * Invariant: x is calendar years, start_year + month / 12, so a site that starts
 * late in the district plan is drawn where it works.
 */
#include "report/report_int.h"
#include "core/i18n_int.h"

#include "soso/chart.h"
#include "soso/error.h"

#include <stdlib.h>

int rpt_jobs_chart(const soso_ops_result *r, const char *site_name, double start_year,
                   size_t max_months, const char *path) {
  soso_chart *c = NULL;
  /* Never past the plan's horizon: a mine that starts late is cut where the plan ends. */
  size_t n = r->n_months < max_months ? r->n_months : max_months;
  if (n < 2) n = r->n_months < 2 ? r->n_months : 2;
  double *buf = malloc(6 * n * sizeof *buf);
  int rc = soso_chart_new(&c, 640, 520, 2, 1);
  if (rc == 0 && !buf) rc = soso_error_set(SOSO_ENOMEM, "report: out of memory (jobs chart)");
  if (rc < 0) goto done;
  double *x = buf, *q05 = buf + n, *q50 = buf + 2 * n, *q95 = buf + 3 * n;
  double *pct_open = buf + 4 * n, *pct_closed = buf + 5 * n;
  for (size_t k = 0; k < n; k++) {
    x[k] = start_year + (double)k / 12.0;
    q05[k] = r->employment_band[5 * k];     /* SOSO_OPS_QUANTILES: 5 % */
    q50[k] = r->employment_band[5 * k + 2]; /* 50 % */
    q95[k] = r->employment_band[5 * k + 4]; /* 95 % */
    pct_open[k] = 100.0 * r->share_open[k];
    pct_closed[k] = 100.0 * r->share_closed[k];
  }
  char title[256], sub[256];
  snprintf(title, sizeof title, _("%s: people employed at the mine"), site_name);
  snprintf(sub, sizeof sub, _("%zu price scenarios (seed %llu); the mine follows its best "
           "open / pause / close policy"), r->n_paths, (unsigned long long)r->seed);
  soso_chart_title(c, title, sub);
  soso_chart_source(c, _("soso report (operations simulation); mine, prices and costs partly "
                       "assumed (see Methods)"));
  soso_rgb blue = soso_chart_palette(0), vermillion = soso_chart_palette(1);
  soso_chart_panel(c, 0);
  soso_chart_panel_title(c, _("Direct jobs at the mine"));
  soso_chart_axes(c, _("Year"), _("Workers (people)"));
  soso_chart_xyears(c, 1);
  /* xgettext:no-c-format */
  rc = soso_chart_band(c, x, q05, q95, n, _("5-95 % of scenarios"), blue, 0.25);
  if (rc == 0) rc = soso_chart_line(c, x, q50, n, _("median"), blue, 2.0, 0);
  soso_chart_panel(c, 1);
  soso_chart_panel_title(c, _("Is the mine working?"));
  /* xgettext:no-c-format */
  soso_chart_axes(c, _("Year"), _("Share of scenarios (%)"));
  soso_chart_xyears(c, 1);
  soso_chart_yrange(c, 0.0, 100.0);
  if (rc == 0) rc = soso_chart_line(c, x, pct_open, n, _("open"), blue, 2.0, 0);
  if (rc == 0)
    rc = soso_chart_line(c, x, pct_closed, n, _("paused (care and maintenance)"), vermillion,
                         2.0, 1);
  if (rc == 0) rc = soso_chart_save(c, path);
done:
  soso_chart_free(c);
  free(buf);
  return rc;
}
