/* chart.h - report-quality charts drawn with cairo: lines, bands (fan charts),
 * points, bars, stacked areas; PNG, SVG or PDF chosen by the file extension.
 *
 * A chart is built first and drawn at save time, so axes scale to all series.
 * A chart may hold a grid of panels (rows x cols); calls go to the current panel,
 * chosen with soso_chart_panel. Every chart should get a title, axis labels with
 * units and, when it has more than one series, a legend (drawn automatically from
 * series labels). Outputs are written atomically (temporary file + rename).
 *
 * Drawings that are not x-y charts (maps, the Figure-2 matrix) use libsoso's
 * internal canvas (src/chart/chart_int.h), which has the same atomic save; no
 * cairo type is part of this API.
 */
#ifndef SOSO_CHART_H
#define SOSO_CHART_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct soso_chart soso_chart;

typedef struct soso_rgb {
  double r, g, b; /* 0..1 */
} soso_rgb;

/* A qualitative palette that stays readable in grey and for colour-blind readers
 * (Okabe-Ito); i wraps around. */
soso_rgb soso_chart_palette(size_t i);

/* New chart of width x height points (1 pt = 1/72 in; PNG renders at 2 px/pt)
 * with rows x cols panels. Sizes 50..4000 pt and grids up to 16 x 16, else
 * SOSO_EUSAGE. Free with soso_chart_free (NULL-safe). */
int soso_chart_new(soso_chart **out, double width, double height, int rows, int cols);
void soso_chart_free(soso_chart *chart);

/* Whole-figure title and subtitle (subtitle may be NULL), and a source / note
 * line printed small at the bottom (may be NULL). Strings are copied. */
void soso_chart_title(soso_chart *chart, const char *title, const char *subtitle);
void soso_chart_source(soso_chart *chart, const char *source);

/* Selects the panel calls go to (row-major, 0-based). */
int soso_chart_panel(soso_chart *chart, int index);

/* Panel title and axis labels (include units: "Price (US$/t)"). */
void soso_chart_panel_title(soso_chart *chart, const char *title);
void soso_chart_axes(soso_chart *chart, const char *xlabel, const char *ylabel);

/* Fixes an axis range (otherwise from the data, with nice rounding). A range that
 * is not finite and increasing is remembered and makes save fail (SOSO_EUSAGE). */
void soso_chart_xrange(soso_chart *chart, double lo, double hi);
void soso_chart_yrange(soso_chart *chart, double lo, double hi);

/* x values are decimal years (2025.5 = July 2025): ticks are labelled as years. */
void soso_chart_xyears(soso_chart *chart, int on);

/* Logarithmic y axis (all y must be > 0). */
void soso_chart_ylog(soso_chart *chart, int on);

/* Series. Data are copied. label may be NULL (no legend entry). n may be 0; NULL
 * arrays with n > 0 are SOSO_EUSAGE. Non-finite values (and y <= 0 on a log axis)
 * leave gaps. Whatever the call order, bars are drawn first, then bands, reference
 * lines, lines and points. width <= 0 means 1.5 pt, radius <= 0 means 2.5 pt, alpha
 * outside (0, 1] means 0.25. Fan chart: one band per interval in one colour,
 * widest first (they nest, and the legend shows each as it appears), then the
 * median line. */
int soso_chart_line(soso_chart *chart, const double *x, const double *y, size_t n,
                    const char *label, soso_rgb color, double width, int dashed);
int soso_chart_band(soso_chart *chart, const double *x, const double *lo, const double *hi,
                    size_t n, const char *label, soso_rgb color, double alpha);
int soso_chart_points(soso_chart *chart, const double *x, const double *y, size_t n,
                      const char *label, soso_rgb color, double radius);
/* Vertical bars at x with given width (in x units); stacked bars: call again with
 * base = the previous top (NULL for zero). */
int soso_chart_bars(soso_chart *chart, const double *x, const double *base, const double *top,
                    size_t n, double bar_width, const char *label, soso_rgb color);
/* Categorical x axis: tick i at x = i labelled names[i]. */
int soso_chart_xcategories(soso_chart *chart, const char *const *names, size_t n);
/* A horizontal or vertical reference line with a short label. */
int soso_chart_hline(soso_chart *chart, double y, const char *label, soso_rgb color);
int soso_chart_vline(soso_chart *chart, double x, const char *label, soso_rgb color);
/* A labelled marker: a ringed dot at (x, y) with label written beside it (right of
 * the dot, or left when it would leave the plot), e.g. today's price on a price
 * chart. It counts for the axis ranges, is drawn over every series and has no
 * legend entry. Non-finite x or y (or y <= 0 on a log axis at save) is SOSO_EUSAGE
 * here or leaves nothing drawn. */
int soso_chart_marker(soso_chart *chart, double x, double y, const char *label,
                      soso_rgb color);

/* Draws and writes the chart; format from the extension (.png, .svg, .pdf, any
 * case; anything else is SOSO_EUSAGE naming the path). Written to a temporary file
 * beside path and renamed: on failure (SOSO_EIO ...) neither path nor a temporary
 * is left. */
int soso_chart_save(const soso_chart *chart, const char *path);

/* Draws the chart as PNG through a write callback (for embedding in HTML):
 * write(closure, data, n) returns 0 on success. */
int soso_chart_write_png(const soso_chart *chart,
                         int (*write)(void *closure, const unsigned char *data, size_t n),
                         void *closure);

#ifdef __cplusplus
}
#endif
#endif
