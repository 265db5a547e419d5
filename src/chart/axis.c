/* axis.c - tick positions and tick labels for chart axes.
 *
 * Linear axes use the "nice numbers" of Heckbert (Graphics Gems, 1990), extended
 * with 2.5 as R does: ticks at multiples of m x 10^k, m in {1, 2, 2.5, 5}, taking
 * the densest step that still fits the number of labels the axis has room for.
 * Year axes use whole-year steps only (1, 2, 5, 10, 20, 25, 50, ...). Log axes tick
 * at powers of ten, with 2 and 5 between them over short ranges.
 * Invariant: after a call, ax->n >= 1 (unless the range is empty of any tick, then
 * 0) and every tick lies within [ax->lo, ax->hi] up to rounding.
 */
#include "chart/chart_int.h"

#include "core/i18n_int.h"
#include "soso/i18n.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Relative slack when deciding whether a value sits on a tick. */
#define TICK_EPS 1e-9

static int clampticks(int maxticks) {
  if (maxticks < 2) return 2;
  if (maxticks > CHART_MAXTICKS) return CHART_MAXTICKS;
  return maxticks;
}

/* Decimals needed to print multiples of step exactly (0 for steps >= 1 that are
 * whole numbers). */
static int decimals(double step) {
  step = fabs(step);
  if (!(step > 0) || !isfinite(step)) return 0;
  for (int d = 0; d < 10; d++) {
    double s = step * pow(10.0, d);
    if (fabs(s - round(s)) < 1e-6 * s) return d;
  }
  return 10;
}

void chart_format(char *buf, size_t n, double v, double step) {
  char tmp[CHART_TICKLEN];
  if (!n) return;
  if (!isfinite(v)) {
    snprintf(buf, n, "%s", isnan(v) ? "NaN" : (v > 0 ? "Inf" : "-Inf"));
    return;
  }
  if (fabs(v) < fabs(step) * TICK_EPS) v = 0.0;
  double av = fabs(v);
  if (av >= 1e9 || (av > 0 && av < 1e-6))
    snprintf(tmp, sizeof tmp, "%.4g", v);
  else {
    int d = decimals(step);
    if (d > 6) d = 6;
    soso_i18n_number(tmp, sizeof tmp, v, d, 0);
  }
  if (tmp[0] == '-') /* a typographic minus sign reads better than a hyphen */
    snprintf(buf, n, "\xe2\x88\x92%s", tmp + 1);
  else
    snprintf(buf, n, "%s", tmp);
}

/* Chooses ax->div from the largest tick and writes every label as tick / div
 * (step: the linear spacing, 0 for log ticks that print with their own
 * precision). */
static void label_ticks(chart_axis *ax, double step) {
  double m = 0, mn = HUGE_VAL;
  for (int i = 0; i < ax->n; i++) m = fmax(m, fabs(ax->tick[i]));
  for (int i = 0; i < ax->n; i++) mn = fmin(mn, fabs(ax->tick[i]));
  ax->div = m >= 1e6 ? 1e6 : m >= 1e4 ? 1e3 : 1.0;
  /* log ticks over many decades: no divisor that would print the smallest as
   * 0.00001 */
  while (step <= 0 && ax->div > 1.0 && mn < 1e-3 * ax->div) ax->div /= 1e3;
  for (int i = 0; i < ax->n; i++) {
    double v = ax->tick[i] / ax->div;
    chart_format(ax->label[i], CHART_TICKLEN, v, step > 0 ? step / ax->div : v);
  }
}

const char *chart_axis_title(const chart_axis *ax, const char *title, char *buf, size_t n) {
  if (!title) return NULL;
  if (!(ax->div > 1.0)) {
    snprintf(buf, n, "%s", title);
    return buf;
  }
  int mil = ax->div >= 1e6;
  size_t len = strlen(title);
  const char *open = strrchr(title, '(');
  if (len > 2 && title[len - 1] == ')' && open) {
    /* "Value (EUR)" -> "Value (million EUR)" */
    char unit[128];
    snprintf(unit, sizeof unit, "%.*s", (int)(title + len - 1 - open - 1), open + 1);
    char scaled[192];
    snprintf(scaled, sizeof scaled, mil ? _("million %s") : _("thousand %s"), unit);
    snprintf(buf, n, "%.*s(%s)", (int)(open - title), title, scaled);
  } else {
    snprintf(buf, n, "%s (%s)", title, mil ? _("in millions") : _("in thousands"));
  }
  return buf;
}

void chart_fix_range(double *lo, double *hi, int log) {
  if (!isfinite(*lo) || !isfinite(*hi) || (log && (*lo <= 0 || *hi <= 0))) {
    *lo = log ? 1.0 : 0.0;
    *hi = log ? 10.0 : 1.0;
    return;
  }
  if (*lo > *hi) {
    double t = *lo;
    *lo = *hi;
    *hi = t;
  }
  if (!isfinite(*hi - *lo)) { /* keep spans representable: +-1e308 data */
    *lo = fmax(*lo, -1e307);
    *hi = fmin(*hi, 1e307);
  }
  if (*hi - *lo > 1e-12 * fmax(fabs(*lo), fabs(*hi))) return;
  if (log) {
    *lo /= 2.0;
    *hi *= 2.0;
  } else if (*lo == 0.0) {
    *lo = -1.0;
    *hi = 1.0;
  } else {
    double d = 0.1 * fabs(*lo);
    *lo -= d;
    *hi += d;
  }
}

void chart_axis_linear(chart_axis *ax, double lo, double hi, int maxticks, int expand,
                       int years) {
  static const double mult[] = {1.0, 2.0, 2.5, 5.0};
  maxticks = clampticks(maxticks);
  memset(ax, 0, sizeof *ax);
  chart_fix_range(&lo, &hi, 0);
  int e0 = (int)floor(log10((hi - lo) / maxticks)) - 1;
  double step = 0, klo = 0, khi = 0;
  int fits = 0;
  /* Densest step that fits; when none does (an expanded range across zero needs
   * three ticks), the densest of those giving the fewest ticks. */
  for (int e = e0; e < e0 + 6 && !fits; e++) {
    for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++) {
      double s = mult[i] * pow(10.0, e);
      if (years && (s < 1.0 || fabs(s - round(s)) > 1e-9)) continue;
      double a = lo / s, b = hi / s, eps = TICK_EPS * fmax(fabs(a), fabs(b)) + TICK_EPS;
      double ka = expand ? floor(a + eps) : ceil(a - eps);
      double kb = expand ? ceil(b - eps) : floor(b + eps);
      if (step == 0 || kb - ka < khi - klo) { /* fewest ticks so far, densest such */
        step = s;
        klo = ka;
        khi = kb;
      }
      if (kb - ka + 1 <= maxticks) {
        step = s;
        klo = ka;
        khi = kb;
        fits = 1;
        break;
      }
    }
  }
  ax->step = step;
  ax->lo = expand ? klo * step : lo;
  ax->hi = expand ? khi * step : hi;
  for (double k = klo; k <= khi && ax->n < CHART_MAXTICKS; k += 1.0) {
    double v = k * step;
    if (fabs(v) < step * TICK_EPS) v = 0.0;
    ax->tick[ax->n] = v;
    ax->n++;
  }
  if (years) {
    ax->div = 1.0;
    for (int i = 0; i < ax->n; i++) snprintf(ax->label[i], CHART_TICKLEN, "%.0f", ax->tick[i]);
  } else
    label_ticks(ax, step);
}

/* Adds tick v with its own precision. */
static void addlog(chart_axis *ax, double v) {
  if (ax->n >= CHART_MAXTICKS) return;
  ax->tick[ax->n] = v;
  ax->n++;
}

/* The 1-2-5 values nearest outside [lo, hi]. */
static void snap125(double lo, double hi, int elo, int ehi, double *a, double *b) {
  static const double m125[] = {1.0, 2.0, 5.0};
  *a = lo;
  *b = hi;
  for (int e = elo; e <= ehi; e++)
    for (size_t i = 0; i < 3; i++) {
      double v = m125[i] * pow(10.0, e);
      if (v <= lo * (1 + TICK_EPS)) *a = v;
    }
  for (int e = ehi; e >= elo; e--)
    for (size_t i = 3; i-- > 0;) {
      double v = m125[i] * pow(10.0, e);
      if (v >= hi * (1 - TICK_EPS)) *b = v;
    }
}

void chart_axis_log(chart_axis *ax, double lo, double hi, int maxticks, int expand) {
  static const double m125[] = {1.0, 2.0, 5.0};
  maxticks = clampticks(maxticks);
  memset(ax, 0, sizeof *ax);
  chart_fix_range(&lo, &hi, 1);
  int elo = (int)floor(log10(lo) + TICK_EPS), ehi = (int)ceil(log10(hi) - TICK_EPS);
  double a = lo, b = hi;
  if (expand) snap125(lo, hi, elo, ehi, &a, &b);
  ax->lo = a;
  ax->hi = b;
  /* 1-2-5 ticks when they fit */
  for (int e = elo; e <= ehi; e++)
    for (size_t i = 0; i < 3; i++) {
      double v = m125[i] * pow(10.0, e);
      if (v >= a * (1 - TICK_EPS) && v <= b * (1 + TICK_EPS)) addlog(ax, v);
    }
  if (ax->n >= 2 && ax->n <= maxticks) {
    label_ticks(ax, 0);
    return;
  }
  if (ax->n < 2) { /* within one 1-2-5 interval: plain linear ticks on the log scale */
    chart_axis_linear(ax, a, b, maxticks > 4 ? 4 : maxticks, 0, 0);
    ax->lo = a;
    ax->hi = b;
    ax->step = 0;
    return;
  }
  /* powers of ten, every k-th when there are many decades */
  ax->n = 0;
  int every = (ehi - elo + maxticks - 1) / maxticks;
  if (every < 1) every = 1;
  for (int e = elo; e <= ehi; e++) {
    if ((e - elo) % every) continue;
    double v = pow(10.0, e);
    if (v >= a * (1 - TICK_EPS) && v <= b * (1 + TICK_EPS)) addlog(ax, v);
  }
  label_ticks(ax, 0);
}
