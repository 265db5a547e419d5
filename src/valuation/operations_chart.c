/* operations_chart.c - fan charts of an operations simulation (ops.h):
 * price quantile bands of the first factor, mode occupancy over time, and
 * employment bands, as three stacked panels drawn with the chart module.
 *
 * Bands: 5-95 % lightly shaded, 25-75 % darker, the median as a line; x in years
 * since the start of the simulation.
 */
#include "soso/chart.h"
#include "soso/error.h"
#include "soso/factor.h"
#include "soso/ops.h"

#include <stdio.h>
#include <stdlib.h>

/* Adds the 5-95 and 25-75 bands and the median of a [month][stride] quantile
 * array (5 quantiles at offset) to the current panel. */
static int fan(soso_chart *c, const double *x, const double *q, size_t n, size_t stride,
               double *lo, double *hi, soso_rgb color, const char *what) {
  char l1[96], l2[96], l3[96];
  snprintf(l1, sizeof l1, "%s 5-95 %%", what);
  snprintf(l2, sizeof l2, "%s 25-75 %%", what);
  snprintf(l3, sizeof l3, "%s median", what);
  for (size_t j = 0; j < n; j++) {
    lo[j] = q[j * stride + 0];
    hi[j] = q[j * stride + 4];
  }
  int rc = soso_chart_band(c, x, lo, hi, n, l1, color, 0.18);
  for (size_t j = 0; j < n; j++) {
    lo[j] = q[j * stride + 1];
    hi[j] = q[j * stride + 3];
  }
  if (rc == 0) rc = soso_chart_band(c, x, lo, hi, n, l2, color, 0.38);
  for (size_t j = 0; j < n; j++) lo[j] = q[j * stride + 2];
  if (rc == 0) rc = soso_chart_line(c, x, lo, n, l3, color, 1.6, 0);
  return rc;
}

int soso_ops_fan_chart(const soso_ops_result *r, const soso_mine *m, const char *path) {
  if (!r || !m || !path) return soso_error_set(SOSO_EUSAGE, "fan chart: missing argument");
  size_t n = r->n_months;
  double *x = malloc(3 * n * sizeof *x);
  if (!x) return soso_error_set(SOSO_ENOMEM, "fan chart: out of memory");
  double *lo = x + n, *hi = lo + n;
  for (size_t j = 0; j < n; j++) x[j] = ((double)j + 0.5) / 12.0;
  soso_chart *c = NULL;
  int rc = soso_chart_new(&c, 640, 720, 3, 1);
  if (rc < 0) {
    free(x);
    return rc;
  }
  char sub[256], ylab[128], src[256];
  snprintf(sub, sizeof sub, "%zu real-world price paths, seed %llu; policy under Q", r->n_paths,
           (unsigned long long)r->seed);
  soso_chart_title(c, m->name, sub);
  snprintf(src, sizeof src, "soso simulate; money in %s, nominal", m->money_unit);
  soso_chart_source(c, src);
  const soso_factor *f0 = &m->pmodel.d.f[0];
  soso_chart_panel(c, 0);
  soso_chart_panel_title(c, f0->name);
  snprintf(ylab, sizeof ylab, "Price (%s)", f0->unit[0] ? f0->unit : "price units");
  soso_chart_axes(c, "Years from start", ylab);
  soso_chart_ylog(c, 1); /* prices spread multiplicatively */
  rc = fan(c, x, r->price_band, n, (size_t)r->n_factors * 5, lo, hi, soso_chart_palette(0), "price");
  /* Where every path starts: today's price of the mine file (or the latest stored). */
  if (rc == 0) {
    char lab[160];
    soso_factor_s0_label(lab, sizeof lab, f0, m->origin.n > 0 ? &m->origin.f[0] : NULL);
    rc = soso_chart_marker(c, 0.0, f0->s0, lab, (soso_rgb){0.10, 0.10, 0.10});
  }
  if (rc == 0) {
    soso_chart_panel(c, 1);
    soso_chart_panel_title(c, "Mode occupancy");
    soso_chart_axes(c, "Years from start", "Share of paths");
    soso_chart_yrange(c, 0.0, 1.0);
    rc = soso_chart_line(c, x, r->share_open, n, "open", soso_chart_palette(2), 1.8, 0);
    if (rc == 0)
      rc = soso_chart_line(c, x, r->share_closed, n, "care and maintenance", soso_chart_palette(1),
                           1.8, 0);
    if (rc == 0)
      rc = soso_chart_line(c, x, r->share_abandoned_t, n, "ended (abandoned or mined out)", soso_chart_palette(5),
                           1.8, 1);
  }
  if (rc == 0) {
    soso_chart_panel(c, 2);
    soso_chart_panel_title(c, m->operating_crew > 0.0 ? "Employment at the mine"
                                                      : "Employment (the mine file gives no workforce)");
    soso_chart_axes(c, "Years from start", "Workers");
    rc = fan(c, x, r->employment_band, n, 5, lo, hi, soso_chart_palette(4), "workers");
    if (rc == 0)
      rc = soso_chart_line(c, x, r->employment_mean, n, "workers, mean", soso_chart_palette(0), 1.4, 1);
  }
  if (rc == 0) rc = soso_chart_save(c, path);
  soso_chart_free(c);
  free(x);
  return rc;
}
