/* region_charts.c - the district's charts: employment fan per community, stacked
 * pressures over time, and the strategies side by side (include/soso/chart.h).
 *
 * Invariants: every chart has a title, axis labels with units, the paths and seed
 * in its subtitle and its assumptions in the source line; x is in calendar years.
 */
#include "region/region_int.h"

#include "soso/chart.h"
#include "soso/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static double *years(const soso_region *r, size_t n) {
  double *x = malloc(n * sizeof *x);
  if (x)
    for (size_t m = 0; m < n; m++) x[m] = r->start_year + (double)m / 12.0;
  return x;
}

static void subtitle(char *buf, size_t n, const soso_region *r, const soso_region_result *res) {
  snprintf(buf, n, "%s, %s strategy; %zu price paths, seed %llu", r->name,
           soso_region_strategy_name(res->strategy), res->n_paths, (unsigned long long)res->seed);
}

static int panels(int count, int *rows, int *cols) {
  *cols = count > 1 ? 2 : 1;
  *rows = (count + *cols - 1) / *cols;
  return 0;
}

int soso_region_chart_employment(const soso_region *r, const soso_region_result *res,
                                 const char *path) {
  size_t n = res->n_months, nc = res->n_communities;
  int rows, cols;
  panels((int)nc + 1, &rows, &cols);
  double *x = years(r, n);
  double *lo = malloc(3 * n * sizeof *lo);
  soso_chart *ch = NULL;
  int rc = !x || !lo ? soso_error_set(SOSO_ENOMEM, "out of memory") : 0;
  if (!rc) rc = soso_chart_new(&ch, 760, 230.0 * rows + 80, rows, cols);
  char sub[256];
  subtitle(sub, sizeof sub, r, res);
  if (!rc) {
    soso_chart_title(ch, "Direct mining jobs: median and 5-95 % band over price paths", sub);
    soso_chart_source(ch, "Jobs of each site shared among communities by population x "
                          "exp(-distance / commute length) (assumption)");
  }
  double *mid = lo + n, *hi = lo + 2 * n;
  for (size_t p = 0; p <= nc && !rc; p++) {
    const double *q = p == 0 ? res->jobs_q : res->community[p - 1].jobs_q;
    const double *mean = p == 0 ? res->jobs_mean_t : res->community[p - 1].jobs_mean;
    for (size_t m = 0; m < n; m++) {
      lo[m] = q[3 * m];
      mid[m] = q[3 * m + 1];
      hi[m] = q[3 * m + 2];
    }
    rc = soso_chart_panel(ch, (int)p);
    if (rc) break;
    soso_chart_panel_title(ch, p == 0 ? "District" : r->communities[p - 1].name);
    soso_chart_axes(ch, "Year", "Direct jobs");
    soso_chart_xyears(ch, 1);
    rc = soso_chart_band(ch, x, lo, hi, n, "5-95 %", soso_chart_palette(0), 0.25);
    if (!rc) rc = soso_chart_line(ch, x, mid, n, "median", soso_chart_palette(0), 1.6, 0);
    if (!rc) rc = soso_chart_line(ch, x, mean, n, "mean", soso_chart_palette(1), 1.2, 1);
  }
  if (!rc) rc = soso_chart_save(ch, path);
  soso_chart_free(ch);
  free(x);
  free(lo);
  return rc;
}

int soso_region_chart_pressures(const soso_region *r, const soso_region_result *res,
                                const char *path) {
  size_t n = res->n_months, nc = res->n_communities;
  int rows, cols;
  panels((int)nc + 1, &rows, &cols);
  double *x = years(r, n);
  double *base = malloc(2 * n * sizeof *base);
  soso_chart *ch = NULL;
  int rc = !x || !base ? soso_error_set(SOSO_ENOMEM, "out of memory") : 0;
  if (!rc) rc = soso_chart_new(&ch, 760, 230.0 * rows + 80, rows, cols);
  char sub[256], src[256];
  subtitle(sub, sizeof sub, r, res);
  snprintf(src, sizeof src,
           "Index 1 = one operating small mine at its fence; decay exp(-d/L), L = %g/%g/%g/%g km "
           "(noise/dust/traffic/water; assumption); expected over paths",
           r->decay_km[0], r->decay_km[1], r->decay_km[2], r->decay_km[3]);
  if (!rc) {
    soso_chart_title(ch, "Pressures at each community over time (stacked)", sub);
    soso_chart_source(ch, src);
  }
  double *top = base + n;
  for (size_t c = 0; c < nc && !rc; c++) {
    const double *pm = res->community[c].pressure_mean;
    rc = soso_chart_panel(ch, (int)c);
    if (rc) break;
    soso_chart_panel_title(ch, r->communities[c].name);
    soso_chart_axes(ch, "Year", "Pressure index");
    soso_chart_xyears(ch, 1);
    for (size_t m = 0; m < n; m++) base[m] = 0.0;
    for (int q = 0; q < SOSO_PRESSURE_N && !rc; q++) {
      for (size_t m = 0; m < n; m++) top[m] = base[m] + pm[m * SOSO_PRESSURE_N + (size_t)q];
      rc = soso_chart_band(ch, x, base, top, n, soso_region_pressure_name(q), soso_chart_palette((size_t)q + 2),
                           0.75);
      for (size_t m = 0; m < n; m++) base[m] = top[m];
    }
  }
  if (!rc) rc = soso_chart_panel(ch, (int)nc);
  if (!rc) {
    soso_chart_panel_title(ch, "District: operations and remediation backlog");
    soso_chart_axes(ch, "Year", "Sites (mean over paths)");
    soso_chart_xyears(ch, 1);
    rc = soso_chart_line(ch, x, res->ops_t, n, "operating or in care", soso_chart_palette(0), 1.6, 0);
    if (!rc) rc = soso_chart_line(ch, x, res->backlog_t, n, "in remediation", soso_chart_palette(1), 1.6, 1);
  }
  if (!rc) rc = soso_chart_save(ch, path);
  soso_chart_free(ch);
  free(x);
  free(base);
  return rc;
}

int soso_region_chart_strategies(const soso_region *r, soso_region_result *const *res, size_t nr,
                                 const char *path) {
  if (nr == 0 || nr > 8) return soso_error_set(SOSO_EUSAGE, "region: 1 to 8 strategies to chart");
  const char *names[8];
  double x[8], v[4][8];
  for (size_t k = 0; k < nr; k++) {
    names[k] = soso_region_strategy_name(res[k]->strategy);
    x[k] = (double)k;
    v[0][k] = res[k]->npv.mean / 1e6;
    v[1][k] = res[k]->jobs_mean.mean;
    v[2][k] = res[k]->crowding_events.mean;
    v[3][k] = res[k]->disturbed_ha_years.mean;
  }
  char t0[96];
  snprintf(t0, sizeof t0, "District NPV, mean (million %s)", r->currency);
  const char *titles[4] = {t0, "Direct jobs while mining, mean", "Temporal crowding events, mean",
                           "Land disturbed and not restored (ha-years)"};
  soso_chart *ch = NULL;
  int rc = soso_chart_new(&ch, 760, 540, 2, 2);
  char sub[256];
  snprintf(sub, sizeof sub, "%s; %zu price paths, seed %llu (the same paths for every strategy)",
           r->name, res[0]->n_paths, (unsigned long long)res[0]->seed);
  if (!rc) soso_chart_title(ch, "Deployment strategies side by side", sub);
  for (int p = 0; p < 4 && !rc; p++) {
    rc = soso_chart_panel(ch, p);
    if (rc) break;
    soso_chart_panel_title(ch, titles[p]);
    soso_chart_axes(ch, "Strategy", titles[p]);
    rc = soso_chart_xcategories(ch, names, nr);
    for (size_t k = 0; k < nr && !rc; k++)
      rc = soso_chart_bars(ch, &x[k], NULL, &v[p][k], 1, 0.6, NULL, soso_chart_palette(k));
  }
  if (!rc) rc = soso_chart_save(ch, path);
  soso_chart_free(ch);
  return rc;
}
