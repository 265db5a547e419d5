/* chart_int.h - private structures of the chart module (chart.c builds a chart,
 * axis.c computes ticks, render.c draws it, canvas.c owns the output targets).
 *
 * Invariants: a chart holds rows*cols panels; every series owns copies of its
 * arrays; x/a/b are NULL exactly when n == 0 (b is NULL for lines and points, and
 * for bars with a zero base). Nothing is drawn before save, so axes see all data.
 * Setters that return void record the first misuse in err/errmsg, which save
 * reports; a chart is never left half-updated by a failed call.
 */
#ifndef SOSO_CHART_INT_H
#define SOSO_CHART_INT_H

#include "soso/chart.h"

#include <stddef.h>

#include "chart/canvas_int.h"

enum chart_kind { CK_LINE, CK_BAND, CK_POINTS, CK_BARS, CK_HLINE, CK_VLINE, CK_MARK };

typedef struct chart_series {
  int kind;       /* enum chart_kind */
  size_t n;       /* number of points */
  double *x;      /* x values (owned) */
  double *a;      /* y (line, points), lo (band), top (bars) (owned) */
  double *b;      /* hi (band), base (bars; NULL = 0) (owned) */
  double v;       /* the value of an hline/vline */
  /* CK_MARK: one point (x[0], a[0]) with its label written beside it */
  char *label;    /* legend / reference-line label or NULL (owned) */
  soso_rgb color; /* colour */
  double size;    /* line width, point radius, bar width (x units) or band alpha */
  int dashed;     /* line drawn dashed */
} chart_series;

typedef struct chart_panel {
  char *title;             /* panel title or NULL (owned) */
  char *xlabel, *ylabel;   /* axis labels or NULL (owned) */
  int xfixed, yfixed;      /* range fixed by the caller */
  double xlo, xhi;         /* fixed x range */
  double ylo, yhi;         /* fixed y range */
  int xyears;              /* x are decimal years */
  int ylog;                /* logarithmic y */
  char **cats;             /* category names (owned) or NULL */
  size_t ncats;            /* number of categories */
  chart_series *s;         /* series in drawing-call order */
  size_t ns, cap;          /* used and allocated series */
} chart_panel;

struct soso_chart {
  double w, h;            /* size in points */
  int rows, cols;         /* panel grid */
  int cur;                /* current panel */
  char *title;            /* figure title (owned) or NULL */
  char *subtitle;         /* figure subtitle (owned) or NULL */
  char *source;           /* source line (owned) or NULL */
  chart_panel *panels;    /* rows*cols panels */
  int err;                /* first error recorded by a void setter, or 0 */
  char errmsg[160];       /* its message */
};

/* Axis ticks ---------------------------------------------------------------- */
enum { CHART_MAXTICKS = 32, CHART_TICKLEN = 32 };

typedef struct chart_axis {
  double lo, hi;                             /* range shown */
  double step;                               /* tick spacing (0 for log axes) */
  double div;                                /* labels show tick / div (1, 1e3, 1e6) */
  int n;                                     /* number of ticks */
  double tick[CHART_MAXTICKS];               /* tick positions */
  char label[CHART_MAXTICKS][CHART_TICKLEN]; /* tick labels */
} chart_axis;

/* Linear ticks for [lo, hi] at the densest step m x 10^k (m in 1, 2, 2.5, 5) that
 * gives at most maxticks ticks. expand: widen the range out to whole steps.
 * years: integer steps only and labels as whole years. lo < hi required
 * (the caller expands degenerate ranges first). */
void chart_axis_linear(chart_axis *ax, double lo, double hi, int maxticks, int expand,
                       int years);

/* Log ticks for [lo, hi] (both > 0): powers of ten (every k-th if many decades),
 * with 2 and 5 between when under two decades. expand: out to whole ticks. */
void chart_axis_log(chart_axis *ax, double lo, double hi, int maxticks, int expand);

/* Formats v with the number of decimals step needs ("0.25" for step 0.25) in the
 * reader's language (soso_i18n_number: decimal comma in bs/hr/sr), U+2212 for the
 * minus sign. */
void chart_format(char *buf, size_t n, double v, double step);

/* Money and other large axes are labelled in thousands or millions, never
 * "60000000": when the largest tick is 1e6 or more (1e4 or more), the tick labels
 * show tick / 1e6 (1e3) and ax->div says so (chart_axis_linear and chart_axis_log
 * do this; year axes never). chart_axis_title writes the axis title to match:
 * "Value (EUR)" becomes "Value (million EUR)", a title without a unit in brackets
 * gets " (in millions)"; in the reader's language. Returns buf. */
const char *chart_axis_title(const chart_axis *ax, const char *title, char *buf, size_t n);

/* Widens a degenerate or non-finite range so that lo < hi. */
void chart_fix_range(double *lo, double *hi, int log);

/* Drawing (draw.c) ------------------------------------------------------------ */
#define CHART_FONT "DejaVu Sans"
#define CHART_PI 3.14159265358979323846
/* Text sizes are chosen for print: a report page (A4, 56 pt margins) has
 * CHART_PRINT_W pt of text width, and a chart wider than CHART_LAYOUT_W pt is laid
 * out at CHART_LAYOUT_W and drawn scaled up (chart_render), so on paper every
 * chart shrinks by at most CHART_PRINT_W / CHART_LAYOUT_W = 0.755 and the smallest
 * text, FS_MIN = 9.5 pt, prints at 7.2 pt or more (issue 11: at least 7 pt).
 * Nothing in a chart is drawn below FS_MIN; text that does not fit is cut with an
 * ellipsis or wrapped instead of shrunk. tests/chart/text_size.sh measures it. */
#define CHART_PRINT_W 483.0
#define CHART_LAYOUT_W 640.0
#define FS_MIN 9.5
#define FS_TITLE 14.0    /* figure title, bold */
#define FS_SUBTITLE 10.0 /* figure subtitle */
#define FS_PANEL 11.0    /* panel title, bold */
#define FS_LABEL 10.0    /* axis labels */
#define FS_TICK 9.5      /* tick labels */
#define FS_LEGEND 9.5    /* legend entries */
#define FS_NOTE 9.5      /* source line, reference-line labels */
#define LEG_ROW 14.0     /* legend row height */
#define LEG_SWATCH 18.0  /* legend swatch width */
#define LEG_MAXW 200.0   /* longest legend label; longer ones are cut */

/* Where a panel's data go on the page. */
typedef struct chart_frame {
  double x0, y0, x1, y1; /* plot area in points (y0 top) */
  chart_axis xa, ya;     /* axes */
  int ylog;              /* logarithmic y */
} chart_frame;

void chart_font(cairo_t *cr, double size, int bold);
/* Advance width of s in the current font (0 for NULL). */
double chart_text_w(cairo_t *cr, const char *s);
/* s, or s cut with an ellipsis into buf (n bytes) so that it is at most maxw wide
 * in the current font (UTF-8 safe). */
const char *chart_cut_label(cairo_t *cr, const char *s, double maxw, char *buf, size_t n);
/* Draws s anchored at (x, y): ax 0 left, 0.5 centre, 1 right; ay 0 top of the
 * capitals, 0.5 their middle, 1 the baseline. size: the current font size. */
void chart_text_at(cairo_t *cr, double x, double y, const char *s, double ax, double ay,
                   double size);
double chart_mapx(const chart_frame *f, double x);
double chart_mapy(const chart_frame *f, double y);
/* Whether y can be drawn (finite, and > 0 on a log axis). */
int chart_yok(const chart_frame *f, double y);
/* Draws the series of p clipped to the plot; mask: coverage only, widened. */
void chart_draw_data(cairo_t *cr, const chart_frame *f, const chart_panel *p, int mask);
void chart_draw_ref_labels(cairo_t *cr, const chart_frame *f, const chart_panel *p);
/* Size of p's vertical legend box; returns its number of entries. */
int chart_legend_size(cairo_t *cr, const chart_panel *p, double *w, double *h);
/* Rows a horizontal legend needs within width avail. */
int chart_legend_rows(cairo_t *cr, const chart_panel *p, double avail);
void chart_legend_box(cairo_t *cr, const chart_panel *p, double x, double y, double w,
                      double h, int background);
void chart_legend_row(cairo_t *cr, const chart_panel *p, double x0, double y, double avail);
/* Best inside place (*lx, *ly) for a lw x lh legend; returns the fraction of it
 * that would cover data (0 = none). */
double chart_legend_place(const chart_frame *f, const chart_panel *p, double lw, double lh,
                          double *lx, double *ly);

/* Layout (layout.c) ------------------------------------------------------------ */
/* x ticks for a plot width (pt): the most ticks whose labels, in the tick font,
 * keep 10 pt apart (at least 2 ticks are tried; years: whole years when that
 * leaves two or more ticks). The range stays lo..hi. */
void chart_fit_x(cairo_t *cr, chart_axis *ax, double lo, double hi, double width, int years);
/* Draws the whole chart on cr, in points. */
void chart_render(const soso_chart *chart, cairo_t *cr);

#endif
