/* chart.c - building a chart: panels, labels, ranges and series (see chart.h).
 *
 * Nothing is drawn here; render.c draws at save time. Every array and string is
 * copied, so callers may free theirs at once. Calls with a NULL chart are no-ops
 * (void setters) or SOSO_EUSAGE. A void setter that is misused (a bad range)
 * records the first such error on the chart and save reports it, so a mistake is
 * never silently drawn.
 */
#include "chart/chart_int.h"
#include "soso/error.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Okabe & Ito (2008), "Color Universal Design", the eight-colour set without
 * black first (black is kept for text and reference lines): blue, vermillion,
 * bluish green, orange, reddish purple, sky blue, yellow, black. */
static const soso_rgb k_palette[] = {
    {0.000, 0.447, 0.698}, {0.835, 0.369, 0.000}, {0.000, 0.620, 0.451},
    {0.902, 0.624, 0.000}, {0.800, 0.475, 0.655}, {0.337, 0.706, 0.914},
    {0.941, 0.894, 0.259}, {0.000, 0.000, 0.000}};

soso_rgb soso_chart_palette(size_t i) {
  return k_palette[i % (sizeof k_palette / sizeof k_palette[0])];
}

/* Records the first misuse of a void setter. */
static void note_error(soso_chart *c, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void note_error(soso_chart *c, int code, const char *fmt, ...) {
  if (c->err) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->errmsg, sizeof c->errmsg, fmt, ap);
  va_end(ap);
  c->err = code;
}

/* Replaces *dst by a copy of s (NULL clears); returns 0 or -1 on no memory. */
static int setstr(char **dst, const char *s) {
  char *p = NULL;
  if (s) {
    size_t n = strlen(s) + 1;
    p = malloc(n);
    if (!p) return -1;
    memcpy(p, s, n);
  }
  free(*dst);
  *dst = p;
  return 0;
}

static void setstr_noted(soso_chart *c, char **dst, const char *s) {
  if (setstr(dst, s)) note_error(c, SOSO_ENOMEM, "chart: out of memory");
}

int soso_chart_new(soso_chart **out, double width, double height, int rows, int cols) {
  if (!out) return soso_error_set(SOSO_EUSAGE, "chart: NULL output pointer");
  *out = NULL;
  if (!(width >= 50 && width <= 4000 && height >= 50 && height <= 4000))
    return soso_error_set(SOSO_EUSAGE, "chart: size %g x %g pt is outside 50..4000 pt",
                          width, height);
  if (rows < 1 || cols < 1 || rows > 16 || cols > 16)
    return soso_error_set(SOSO_EUSAGE, "chart: panel grid %d x %d is outside 1..16", rows,
                          cols);
  soso_chart *c = calloc(1, sizeof *c);
  if (c) c->panels = calloc((size_t)(rows * cols), sizeof *c->panels);
  if (!c || !c->panels) {
    free(c);
    return soso_error_set(SOSO_ENOMEM, "chart: out of memory");
  }
  c->w = width;
  c->h = height;
  c->rows = rows;
  c->cols = cols;
  *out = c;
  return SOSO_OK;
}

static void free_series(chart_series *s) {
  free(s->x);
  free(s->a);
  free(s->b);
  free(s->label);
}

void soso_chart_free(soso_chart *chart) {
  if (!chart) return;
  for (int i = 0; i < chart->rows * chart->cols; i++) {
    chart_panel *p = &chart->panels[i];
    for (size_t j = 0; j < p->ns; j++) free_series(&p->s[j]);
    for (size_t j = 0; j < p->ncats; j++) free(p->cats[j]);
    free(p->cats);
    free(p->s);
    free(p->title);
    free(p->xlabel);
    free(p->ylabel);
  }
  free(chart->panels);
  free(chart->title);
  free(chart->subtitle);
  free(chart->source);
  free(chart);
}

void soso_chart_title(soso_chart *chart, const char *title, const char *subtitle) {
  if (!chart) return;
  setstr_noted(chart, &chart->title, title);
  setstr_noted(chart, &chart->subtitle, subtitle);
}

void soso_chart_source(soso_chart *chart, const char *source) {
  if (!chart) return;
  setstr_noted(chart, &chart->source, source);
}

int soso_chart_panel(soso_chart *chart, int index) {
  if (!chart) return soso_error_set(SOSO_EUSAGE, "chart: NULL chart");
  if (index < 0 || index >= chart->rows * chart->cols)
    return soso_error_set(SOSO_EUSAGE, "chart: panel %d is outside 0..%d", index,
                          chart->rows * chart->cols - 1);
  chart->cur = index;
  return SOSO_OK;
}

static chart_panel *cur(soso_chart *c) { return &c->panels[c->cur]; }

void soso_chart_panel_title(soso_chart *chart, const char *title) {
  if (!chart) return;
  setstr_noted(chart, &cur(chart)->title, title);
}

void soso_chart_axes(soso_chart *chart, const char *xlabel, const char *ylabel) {
  if (!chart) return;
  setstr_noted(chart, &cur(chart)->xlabel, xlabel);
  setstr_noted(chart, &cur(chart)->ylabel, ylabel);
}

void soso_chart_xrange(soso_chart *chart, double lo, double hi) {
  if (!chart) return;
  if (!(isfinite(lo) && isfinite(hi) && lo < hi)) {
    note_error(chart, SOSO_EUSAGE, "chart: x range %g..%g is not an increasing finite range",
               lo, hi);
    return;
  }
  chart_panel *p = cur(chart);
  p->xfixed = 1;
  p->xlo = lo;
  p->xhi = hi;
}

void soso_chart_yrange(soso_chart *chart, double lo, double hi) {
  if (!chart) return;
  if (!(isfinite(lo) && isfinite(hi) && lo < hi)) {
    note_error(chart, SOSO_EUSAGE, "chart: y range %g..%g is not an increasing finite range",
               lo, hi);
    return;
  }
  chart_panel *p = cur(chart);
  p->yfixed = 1;
  p->ylo = lo;
  p->yhi = hi;
}

void soso_chart_xyears(soso_chart *chart, int on) {
  if (chart) cur(chart)->xyears = on != 0;
}

void soso_chart_ylog(soso_chart *chart, int on) {
  if (chart) cur(chart)->ylog = on != 0;
}

static double *dupv(const double *v, size_t n) {
  double *p = malloc(n * sizeof *p);
  if (p) memcpy(p, v, n * sizeof *p);
  return p;
}

/* Appends a series; copies x (and a, b when given, n values each). */
static int add_series(soso_chart *c, int kind, const double *x, const double *a,
                      const double *b, size_t n, const char *label, soso_rgb color,
                      double size, int dashed) {
  chart_panel *p = cur(c);
  if (p->ns == p->cap) {
    size_t cap = p->cap ? 2 * p->cap : 8;
    chart_series *ns = realloc(p->s, cap * sizeof *ns);
    if (!ns) return soso_error_set(SOSO_ENOMEM, "chart: out of memory");
    p->s = ns;
    p->cap = cap;
  }
  chart_series s;
  memset(&s, 0, sizeof s);
  s.kind = kind;
  s.color = color;
  s.size = size;
  s.dashed = dashed;
  int bad = setstr(&s.label, label);
  if (n) {
    s.n = n;
    s.x = dupv(x, n);
    if (a) s.a = dupv(a, n);
    if (b) s.b = dupv(b, n);
    bad |= !s.x || (a && !s.a) || (b && !s.b);
  }
  if (bad) {
    free_series(&s);
    return soso_error_set(SOSO_ENOMEM, "chart: out of memory");
  }
  p->s[p->ns++] = s;
  return SOSO_OK;
}

/* NULL arrays are only acceptable with n == 0. */
static int check_arrays(const char *what, size_t n, const double *x, const double *y) {
  if (n && (!x || !y))
    return soso_error_set(SOSO_EUSAGE, "chart: %s: NULL data with n = %zu", what, n);
  return SOSO_OK;
}

int soso_chart_line(soso_chart *chart, const double *x, const double *y, size_t n,
                    const char *label, soso_rgb color, double width, int dashed) {
  if (!chart) return soso_error_set(SOSO_EUSAGE, "chart: NULL chart");
  int rc = check_arrays("line", n, x, y);
  if (rc) return rc;
  if (!(width > 0 && width < 50)) width = 1.5;
  return add_series(chart, CK_LINE, x, y, NULL, n, label, color, width, dashed);
}

int soso_chart_band(soso_chart *chart, const double *x, const double *lo, const double *hi,
                    size_t n, const char *label, soso_rgb color, double alpha) {
  if (!chart) return soso_error_set(SOSO_EUSAGE, "chart: NULL chart");
  int rc = check_arrays("band", n, x, lo);
  if (!rc) rc = check_arrays("band", n, x, hi);
  if (rc) return rc;
  if (!(alpha > 0 && alpha <= 1)) alpha = 0.25;
  return add_series(chart, CK_BAND, x, lo, hi, n, label, color, alpha, 0);
}

int soso_chart_points(soso_chart *chart, const double *x, const double *y, size_t n,
                      const char *label, soso_rgb color, double radius) {
  if (!chart) return soso_error_set(SOSO_EUSAGE, "chart: NULL chart");
  int rc = check_arrays("points", n, x, y);
  if (rc) return rc;
  if (!(radius > 0 && radius < 50)) radius = 2.5;
  return add_series(chart, CK_POINTS, x, y, NULL, n, label, color, radius, 0);
}

int soso_chart_bars(soso_chart *chart, const double *x, const double *base, const double *top,
                    size_t n, double bar_width, const char *label, soso_rgb color) {
  if (!chart) return soso_error_set(SOSO_EUSAGE, "chart: NULL chart");
  int rc = check_arrays("bars", n, x, top);
  if (rc) return rc;
  if (!(bar_width > 0 && isfinite(bar_width)))
    return soso_error_set(SOSO_EUSAGE, "chart: bars: bar width %g is not positive", bar_width);
  return add_series(chart, CK_BARS, x, top, base, n, label, color, bar_width, 0);
}

int soso_chart_xcategories(soso_chart *chart, const char *const *names, size_t n) {
  if (!chart) return soso_error_set(SOSO_EUSAGE, "chart: NULL chart");
  if (n && !names) return soso_error_set(SOSO_EUSAGE, "chart: categories: NULL names");
  char **cats = n ? calloc(n, sizeof *cats) : NULL;
  if (n && !cats) return soso_error_set(SOSO_ENOMEM, "chart: out of memory");
  for (size_t i = 0; i < n; i++)
    if (setstr(&cats[i], names[i] ? names[i] : "")) {
      for (size_t j = 0; j < i; j++) free(cats[j]);
      free(cats);
      return soso_error_set(SOSO_ENOMEM, "chart: out of memory");
    }
  chart_panel *p = cur(chart);
  for (size_t j = 0; j < p->ncats; j++) free(p->cats[j]);
  free(p->cats);
  p->cats = cats;
  p->ncats = n;
  return SOSO_OK;
}

int soso_chart_hline(soso_chart *chart, double y, const char *label, soso_rgb color) {
  if (!chart) return soso_error_set(SOSO_EUSAGE, "chart: NULL chart");
  if (!isfinite(y)) return soso_error_set(SOSO_EUSAGE, "chart: hline at non-finite y");
  int rc = add_series(chart, CK_HLINE, NULL, NULL, NULL, 0, label, color, 1.0, 1);
  if (!rc) cur(chart)->s[cur(chart)->ns - 1].v = y;
  return rc;
}

int soso_chart_vline(soso_chart *chart, double x, const char *label, soso_rgb color) {
  if (!chart) return soso_error_set(SOSO_EUSAGE, "chart: NULL chart");
  if (!isfinite(x)) return soso_error_set(SOSO_EUSAGE, "chart: vline at non-finite x");
  int rc = add_series(chart, CK_VLINE, NULL, NULL, NULL, 0, label, color, 1.0, 1);
  if (!rc) cur(chart)->s[cur(chart)->ns - 1].v = x;
  return rc;
}

int soso_chart_marker(soso_chart *chart, double x, double y, const char *label,
                      soso_rgb color) {
  if (!chart) return soso_error_set(SOSO_EUSAGE, "chart: NULL chart");
  if (!isfinite(x) || !isfinite(y))
    return soso_error_set(SOSO_EUSAGE, "chart: marker at non-finite (%g, %g)", x, y);
  return add_series(chart, CK_MARK, &x, &y, NULL, 1, label, color, 4.5, 0);
}
