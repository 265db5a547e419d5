/* grid_chart.c - the policy map of a grid solution as a chart: critical prices
 * against the remaining reserve at t = 0 (left; against time when the reserve
 * never binds), and the values of the open,
 * closed and static mine against the price at t = 0 with the full reserve (right).
 *
 * A threshold that does not exist at a reserve level (the switch never happens on
 * the grid, or always does) is left as a gap rather than drawn at the grid edge.
 */
#include "valuation/grid_int.h"
#include "core/i18n_int.h"
#include "soso/chart.h"
#include "soso/error.h"
#include "soso/factor.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Today's price on the chart: near-black, apart from the coloured policy lines. */
static const soso_rgb k_today = {0.10, 0.10, 0.10};

/* The label of the grid's starting price (s0 of its risk-neutral model), with the
 * month when it is the latest stored price. The origin is the mine's; when the
 * model's s0 is not the mine's (a scenario scaled it), no origin is claimed. */
static void today_label(char *buf, size_t n, const soso_switching *sw) {
  const soso_factor *f = &sw->q.d.f[0];
  const soso_mine *m = sw->mine;
  const soso_factor_origin *o = NULL;
  if (m->origin.n > 0 && fabs(m->pmodel.d.f[0].s0 - f->s0) <= 1e-9 * fabs(f->s0)) o = &m->origin.f[0];
  soso_factor_s0_label(buf, n, f, o);
}

static double shown(double v, double smin, double smax) {
  return (isfinite(v) && v > smin && v < smax) ? v : NAN;
}

/* Critical prices against the remaining reserve at t = 0; when the reserve never
 * binds (one level), against time instead. */
static int policy_panel(soso_chart *c, const soso_grid *g, double *buf) {
  const soso_switching *sw = g->sw;
  const soso_mine *m = sw->mine;
  int by_time = !sw->reserve_binding;
  size_t n = by_time ? g->nd : g->nl - 1;
  double *x = buf, *y[4] = {buf + n, buf + 2 * n, buf + 3 * n, buf + 4 * n};
  soso_grid_info info;
  soso_valuation_grid_get_info(g, &info);
  for (size_t i = 0; i < n; i++) {
    const soso_thresholds *t = by_time ? &g->th[i * g->nl + 1] : &g->th[i + 1];
    x[i] = by_time ? (double)i * sw->dt : soso_valuation_switching_reserve(sw, i + 1);
    y[0][i] = shown(t->reopen_above, info.s_min, info.s_max);
    y[1][i] = shown(t->close_below, info.s_min, info.s_max);
    y[2][i] = shown(t->abandon_closed_below, info.s_min, info.s_max);
    y[3][i] = shown(t->abandon_open_below, info.s_min, info.s_max);
  }
  static const char *const labels[4] = {N_("reopen above"), N_("close below (open mine)"),
                                        N_("abandon below (closed mine)"),
                                        N_("abandon below (open mine)")};
  char xl[160], yl[160];
  if (by_time)
    snprintf(xl, sizeof xl, "%s", _("Decision date (years from now; reserve not binding)"));
  else
    snprintf(xl, sizeof xl, _("Remaining reserve (%s)"), m->ore_unit);
  snprintf(yl, sizeof yl, _("Price (%s)"),
           sw->q.d.f[0].unit[0] ? sw->q.d.f[0].unit : _("price unit"));
  soso_chart_panel_title(c, by_time ? _("Policy map over time") : _("Policy map at t = 0"));
  soso_chart_axes(c, xl, yl);
  for (size_t i = 0; i < 4; i++) {
    int rc = soso_chart_line(c, x, y[i], n, _(labels[i]), soso_chart_palette(i), 2.0, i >= 2);
    if (rc < 0) return rc;
  }
  /* Today: the full reserve (the largest level) at date 0, at today's price. */
  double xnow = by_time ? 0.0 : x[0];
  for (size_t i = 0; !by_time && i < n; i++) xnow = fmax(xnow, x[i]);
  char lab[160];
  today_label(lab, sizeof lab, sw);
  if (n > 0) return soso_chart_marker(c, xnow, sw->q.d.f[0].s0, lab, k_today);
  return SOSO_OK;
}

static int value_panel(soso_chart *c, const soso_grid *g, double lo, double hi, double *buf) {
  enum { N = 121 };
  double *x = buf, *v = buf + N, *w = buf + 2 * N, *st = buf + 3 * N;
  for (size_t i = 0; i < N; i++) {
    x[i] = lo * pow(hi / lo, (double)i / (N - 1));
    int rc = soso_valuation_grid_value(g, x[i], &v[i], &w[i], &st[i]);
    if (rc < 0) return rc;
  }
  char yl[160], xl[160];
  const soso_switching *sw = g->sw;
  snprintf(yl, sizeof yl, _("Value at t = 0 (%s)"), sw->mine->money_unit);
  snprintf(xl, sizeof xl, _("Price (%s)"),
           sw->q.d.f[0].unit[0] ? sw->q.d.f[0].unit : _("price unit"));
  soso_chart_panel_title(c, _("Mine value, full reserve"));
  soso_chart_axes(c, xl, yl);
  int rc = 0;
  if ((rc = soso_chart_line(c, x, v, N, _("open mine"), soso_chart_palette(0), 2.0, 0)) < 0 ||
      (rc = soso_chart_line(c, x, w, N, _("closed mine"), soso_chart_palette(1), 2.0, 0)) < 0 ||
      (rc = soso_chart_line(c, x, st, N, _("static plan (no flexibility)"), soso_chart_palette(4),
                            1.5, 1)) < 0)
    return rc;
  /* Today's price on the value curve of the open mine, where the mine starts. */
  double s0 = sw->q.d.f[0].s0, v0, w0, st0;
  if ((rc = soso_valuation_grid_value(g, s0, &v0, &w0, &st0)) < 0) return rc;
  char lab[160];
  today_label(lab, sizeof lab, sw);
  return soso_chart_marker(c, s0, v0, lab, k_today);
}

int soso_valuation_grid_chart(const soso_grid *g, const char *path, double lo, double hi) {
  if (!g || !path) return soso_error_set(SOSO_EUSAGE, "grid chart: missing argument");
  soso_grid_info info;
  soso_valuation_grid_get_info(g, &info);
  if (!(lo > 0.0) || !(hi > lo))
    return soso_error_set(SOSO_EUSAGE, "grid chart: price range [%g, %g] is empty", lo, hi);
  if (lo < info.s_min) lo = info.s_min;
  if (hi > info.s_max) hi = info.s_max;
  size_t n = g->nl > g->nd ? g->nl : g->nd;
  if (n < 121) n = 121;
  double *buf = malloc(5 * n * sizeof *buf);
  soso_chart *c = NULL;
  int rc = buf ? soso_chart_new(&c, 880.0, 400.0, 1, 2)
               : soso_error_set(SOSO_ENOMEM, "grid chart: out of memory");
  if (rc == SOSO_OK) {
    char sub[256];
    snprintf(sub, sizeof sub, _("%s: critical prices of the switching policy (grid solver, %zu "
                                "price nodes, %zu decision dates)"),
             g->sw->mine->name, info.n_nodes, info.n_dates);
    soso_chart_title(c, _("When to switch the mine on and off"), sub);
    soso_chart_source(c, _("Risk-neutral valuation (Brennan & Schwartz 1985 switching model); "
                           "values before capital cost."));
    if ((rc = soso_chart_panel(c, 0)) == SOSO_OK && (rc = policy_panel(c, g, buf)) == SOSO_OK &&
        (rc = soso_chart_panel(c, 1)) == SOSO_OK &&
        (rc = value_panel(c, g, lo, hi, buf)) == SOSO_OK)
      rc = soso_chart_save(c, path);
  }
  soso_chart_free(c);
  free(buf);
  return rc;
}
