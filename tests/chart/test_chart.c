/* test_chart.c - charts: ticks, formats, atomic saves, hostile input, what is drawn.
 *
 * Files are written into a fresh directory under the working directory (the build
 * dir) so that "no file and no temporaries" can be checked by listing it.
 * Pixel tests read the PNG back with cairo and look for a series' exact colour.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "chart/chart_int.h"
#include "soso/chart.h"
#include "soso/error.h"
#include "soso/afile.h"

#include <cairo.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char g_dir[256]; /* scratch directory of this run */

static int setup(void **state) {
  (void)state;
  snprintf(g_dir, sizeof g_dir, "test_chart_out.XXXXXX");
  return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  DIR *d = opendir(g_dir);
  struct dirent *e;
  char p[600];
  while (d && (e = readdir(d)))
    if (e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))) {
      snprintf(p, sizeof p, "%s/%s", g_dir, e->d_name);
      remove(p);
    }
  if (d) closedir(d);
  rmdir(g_dir);
  return 0;
}

static const char *path_in(char *buf, size_t n, const char *name) {
  snprintf(buf, n, "%s/%s", g_dir, name);
  return buf;
}

/* Entries in the scratch directory whose name starts with prefix (hidden
 * temporaries included). */
static int count_entries(const char *prefix) {
  DIR *d = opendir(g_dir);
  struct dirent *e;
  int n = 0;
  while (d && (e = readdir(d)))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strstr(e->d_name, prefix)) n++;
  if (d) closedir(d);
  return n;
}

/* A small chart with every kind of series (high-entropy values). */
static soso_chart *sample_chart(void) {
  soso_chart *c = NULL;
  assert_int_equal(soso_chart_new(&c, 431.5, 287.25, 1, 1), SOSO_OK);
  double x[23], y[23], lo[23], hi[23];
  for (size_t i = 0; i < 23; i++) {
    x[i] = 2003.37 + 0.917 * (double)i;
    y[i] = 1873.2 + 211.7 * sin(0.731 * (double)i);
    lo[i] = y[i] - 97.3 - 11.1 * (double)i;
    hi[i] = y[i] + 83.9 + 13.7 * (double)i;
  }
  soso_chart_title(c, "Zinc price", "test chart");
  soso_chart_source(c, "Source: synthetic test values");
  soso_chart_axes(c, "Year", "Zinc price (US$/t)");
  soso_chart_xyears(c, 1);
  assert_int_equal(soso_chart_band(c, x, lo, hi, 23, "90 % band", soso_chart_palette(0), 0.2), 0);
  assert_int_equal(soso_chart_line(c, x, y, 23, "Median", soso_chart_palette(0), 1.5, 0), 0);
  assert_int_equal(soso_chart_points(c, x, y, 23, NULL, soso_chart_palette(1), 2.0), 0);
  assert_int_equal(soso_chart_hline(c, 1911.4, "break-even", soso_chart_palette(2)), 0);
  assert_int_equal(soso_chart_vline(c, 2012.6, "today", soso_chart_palette(7)), 0);
  return c;
}

static unsigned char *slurp(const char *path, size_t *n) {
  char *buf = NULL;
  assert_int_equal(soso_afile_read_file(&buf, n, path), SOSO_OK);
  return (unsigned char *)buf;
}

static void test_formats(void **state) {
  (void)state;
  soso_chart *c = sample_chart();
  char p[600];
  size_t n = 0;
  unsigned char *b;
  assert_int_equal(soso_chart_save(c, path_in(p, sizeof p, "f.png")), SOSO_OK);
  b = slurp(p, &n);
  assert_true(n > 1000);
  assert_memory_equal(b, "\x89PNG\r\n\x1a\n", 8);
  free(b);
  assert_int_equal(soso_chart_save(c, path_in(p, sizeof p, "f.SVG")), SOSO_OK);
  b = slurp(p, &n);
  assert_true(!memcmp(b, "<?xml", 5) || !memcmp(b, "<svg", 4));
  assert_non_null(strstr((char *)b, "<svg"));
  free(b);
  assert_int_equal(soso_chart_save(c, path_in(p, sizeof p, "f.pdf")), SOSO_OK);
  b = slurp(p, &n);
  assert_memory_equal(b, "%PDF", 4);
  free(b);
  /* PNG is 2 px per point */
  cairo_surface_t *img = cairo_image_surface_create_from_png(path_in(p, sizeof p, "f.png"));
  assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
  assert_int_equal(cairo_image_surface_get_width(img), 863);  /* ceil(2 * 431.5) */
  assert_int_equal(cairo_image_surface_get_height(img), 575); /* ceil(2 * 287.25) */
  cairo_surface_destroy(img);
  assert_int_equal(count_entries(".tmp-"), 0);
  soso_chart_free(c);
}

static void test_unknown_extension(void **state) {
  (void)state;
  soso_chart *c = sample_chart();
  char p[600];
  assert_int_equal(soso_chart_save(c, path_in(p, sizeof p, "chart.bmp")), SOSO_EUSAGE);
  assert_non_null(strstr(soso_error_last(), p));
  assert_int_equal(soso_chart_save(c, path_in(p, sizeof p, "noext")), SOSO_EUSAGE);
  assert_non_null(strstr(soso_error_last(), p));
  cairo_t *cr = NULL;
  soso_canvas *cv = NULL;
  assert_int_equal(soso__canvas_new(&cv, &cr, path_in(p, sizeof p, "map.jpeg"), 100, 100),
                   SOSO_EUSAGE);
  assert_null(cv);
  assert_null(cr);
  assert_int_equal(count_entries("chart"), 0);
  assert_int_equal(count_entries("map"), 0);
  soso_chart_free(c);
}

static void test_failed_save(void **state) {
  (void)state;
  char p[600];
  /* A directory that does not exist: an I/O error and nothing written. */
  soso_chart *c = sample_chart();
  assert_int_equal(soso_chart_save(c, path_in(p, sizeof p, "missing/x.png")), SOSO_EIO);
  assert_non_null(strstr(soso_error_last(), "missing/x.png"));
  soso_chart_free(c);
  /* A drawing that fails in cairo (restore without save) leaves no file and no
   * temporary, in each format. */
  const char *names[] = {"bad.png", "bad.svg", "bad.pdf"};
  for (size_t i = 0; i < 3; i++) {
    cairo_t *cr = NULL;
    soso_canvas *cv = NULL;
    assert_int_equal(soso__canvas_new(&cv, &cr, path_in(p, sizeof p, names[i]), 217.3, 143.9),
                     SOSO_OK);
    assert_int_equal(count_entries("bad."), 1); /* the temporary exists while drawing */
    cairo_rectangle(cr, 10, 10, 50, 50);
    cairo_fill(cr);
    cairo_restore(cr);
    assert_int_not_equal(soso__canvas_save(cv), SOSO_OK);
    assert_non_null(strstr(soso_error_last(), names[i]));
    assert_int_equal(count_entries("bad."), 0);
  }
  /* An abandoned canvas removes its temporary too. */
  cairo_t *cr = NULL;
  soso_canvas *cv = NULL;
  assert_int_equal(soso__canvas_new(&cv, &cr, path_in(p, sizeof p, "gone.pdf"), 100, 100), 0);
  soso__canvas_free(cv);
  soso__canvas_free(NULL);
  assert_int_equal(count_entries("gone."), 0);
  /* A chart with a recorded misuse is not written. */
  c = sample_chart();
  soso_chart_xrange(c, 2020.0, 2010.0);
  assert_int_equal(soso_chart_save(c, path_in(p, sizeof p, "range.png")), SOSO_EUSAGE);
  assert_non_null(strstr(soso_error_last(), "x range"));
  assert_int_equal(count_entries("range."), 0);
  soso_chart_free(c);
}

static void test_canvas(void **state) {
  (void)state;
  char p[600];
  cairo_t *cr = NULL;
  soso_canvas *cv = NULL;
  assert_int_equal(soso__canvas_new(&cv, &cr, path_in(p, sizeof p, "canvas.png"), 120.5, 80), 0);
  cairo_set_source_rgb(cr, 1, 0, 0);
  cairo_rectangle(cr, 10, 10, 20, 20); /* points: pixels 20..60 */
  cairo_fill(cr);
  assert_int_equal(access(p, F_OK), -1); /* nothing at the target before save */
  assert_int_equal(soso__canvas_save(cv), SOSO_OK);
  cairo_surface_t *img = cairo_image_surface_create_from_png(p);
  assert_int_equal(cairo_image_surface_get_width(img), 241);
  const unsigned char *d = cairo_image_surface_get_data(img);
  int stride = cairo_image_surface_get_stride(img);
  const uint32_t *in = (const uint32_t *)(const void *)(d + 40 * stride + 40 * 4);
  const uint32_t *out = (const uint32_t *)(const void *)(d + 70 * stride + 70 * 4);
  assert_int_equal(*in, 0xffff0000u);  /* red inside the square */
  assert_int_equal(*out, 0xffffffffu); /* white page outside */
  cairo_surface_destroy(img);
  assert_int_equal(soso__canvas_new(&cv, &cr, path_in(p, sizeof p, "canvas.svg"), 0, 80),
                   SOSO_EUSAGE);
  assert_int_equal(soso__canvas_new(&cv, &cr, path_in(p, sizeof p, "big.png"), 4001, 80),
                   SOSO_EUSAGE); /* 8002 px: over the PNG limit */
  assert_int_equal(soso__canvas_new(&cv, &cr, path_in(p, sizeof p, "big.svg"), 4001, 80),
                   SOSO_OK); /* vectors may be larger */
  soso__canvas_free(cv);
  assert_int_equal(count_entries("big."), 0);
  assert_int_equal(soso__canvas_save(NULL), SOSO_EUSAGE);
}

static void test_ticks(void **state) {
  (void)state;
  chart_axis ax;
  chart_axis_linear(&ax, 0.0, 1.0, 6, 1, 0);
  assert_int_equal(ax.n, 6);
  const char *want[] = {"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"};
  for (int i = 0; i < 6; i++) {
    assert_true(fabs(ax.tick[i] - 0.2 * i) < 1e-12); /* exact up to rounding */
    assert_string_equal(ax.label[i], want[i]);
  }
  /* decimal years 1960..2025: whole decades, labelled as years */
  chart_axis_linear(&ax, 1960.0, 2025.0, 8, 0, 1);
  assert_int_equal(ax.n, 7);
  assert_true(ax.tick[0] == 1960.0 && ax.tick[6] == 2020.0);
  assert_string_equal(ax.label[0], "1960");
  assert_string_equal(ax.label[6], "2020");
  assert_true(ax.lo == 1960.0 && ax.hi == 2025.0);
  /* three years of quarters: never fractional years */
  chart_axis_linear(&ax, 2024.25, 2026.75, 10, 0, 1);
  assert_true(ax.step == 1.0);
  assert_int_equal(ax.n, 2);
  assert_string_equal(ax.label[0], "2025");
  /* 2.5 steps */
  chart_axis_linear(&ax, 0.0, 10.0, 5, 0, 0);
  assert_true(ax.step == 2.5);
  assert_string_equal(ax.label[1], "2.5");
  /* expansion to whole steps, negative labels with a minus sign */
  chart_axis_linear(&ax, -3.71, 12.13, 6, 1, 0);
  assert_true(ax.step == 5.0 && ax.lo == -5.0 && ax.hi == 15.0);
  assert_string_equal(ax.label[0], "\xe2\x88\x92" "5");
  assert_string_equal(ax.label[1], "0");
  /* an expanded range across zero cannot have under 3 ticks: the densest such */
  chart_axis_linear(&ax, -0.0116937, 0.00732886, 2, 1, 0);
  assert_int_equal(ax.n, 3);
  assert_true(fabs(ax.step - 0.02) < 1e-15);
  /* large values: labelled in millions, and the axis title says so (issue 11:
   * never "60000000" on a money axis) */
  chart_axis_linear(&ax, 0.0, 2.37e6, 6, 1, 0);
  assert_true(ax.step == 5e5);
  assert_true(ax.div == 1e6);
  assert_string_equal(ax.label[5], "2.5");
  assert_string_equal(ax.label[1], "0.5");
  char title[128];
  assert_string_equal(chart_axis_title(&ax, "Value at t = 0 (EUR)", title, sizeof title),
                      "Value at t = 0 (million EUR)");
  assert_string_equal(chart_axis_title(&ax, "Value", title, sizeof title),
                      "Value (in millions)");
  chart_axis_linear(&ax, 0.0, 6.3e7, 6, 1, 0);
  for (int i = 0; i < ax.n; i++) assert_true(strlen(ax.label[i]) <= 3);
  /* tens of thousands: in thousands */
  chart_axis_linear(&ax, 0.0, 41000.0, 5, 1, 0);
  assert_true(ax.div == 1e3);
  assert_string_equal(chart_axis_title(&ax, "Reserve (t)", title, sizeof title),
                      "Reserve (thousand t)");
  /* below 10 000: as they are, and the title unchanged */
  chart_axis_linear(&ax, 0.0, 7900.0, 5, 1, 0);
  assert_true(ax.div == 1.0);
  assert_string_equal(ax.label[ax.n - 1], "8000");
  assert_string_equal(chart_axis_title(&ax, "Workers", title, sizeof title), "Workers");
  /* log axis: 1-2-5 ticks, range out to the nearest of them */
  chart_axis_log(&ax, 3.17, 713.0, 10, 1);
  assert_true(ax.lo == 2.0 && ax.hi == 1000.0);
  assert_int_equal(ax.n, 9);
  assert_string_equal(ax.label[0], "2");
  assert_string_equal(ax.label[8], "1000");
  /* many decades: powers of ten only, every k-th */
  chart_axis_log(&ax, 0.0123, 4.56e7, 6, 1);
  assert_true(ax.n >= 2 && ax.n <= 6);
  for (int i = 0; i < ax.n; i++) {
    double l = log10(ax.tick[i]);
    assert_true(fabs(l - round(l)) < 1e-12);
  }
  char buf[CHART_TICKLEN];
  chart_format(buf, sizeof buf, 0.1 + 0.2, 0.1);
  assert_string_equal(buf, "0.3");
  chart_format(buf, sizeof buf, 0.25, 0.05);
  assert_string_equal(buf, "0.25");
  /* degenerate ranges */
  double lo = 7.31, hi = 7.31;
  chart_fix_range(&lo, &hi, 0);
  assert_true(lo < 7.31 && hi > 7.31);
  lo = hi = 0.0;
  chart_fix_range(&lo, &hi, 0);
  assert_true(lo == -1.0 && hi == 1.0);
  lo = NAN;
  hi = 3.0;
  chart_fix_range(&lo, &hi, 0);
  assert_true(lo == 0.0 && hi == 1.0);
  lo = -2.0;
  hi = 3.0;
  chart_fix_range(&lo, &hi, 1);
  assert_true(lo > 0 && lo < hi);
}

static void test_x_labels_never_overlap(void **state) {
  (void)state;
  /* For many widths and ranges, neighbouring tick labels (centred on their ticks)
   * keep at least 10 pt of white between them and stay inside the range. */
  cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_A8, 8, 8);
  cairo_t *cr = cairo_create(img);
  chart_font(cr, FS_TICK, 0);
  const double ranges[][3] = {{1960.0, 2025.75, 1}, {2024.92, 2035.0, 1}, {0.0, 1.0, 0},
                              {-3.7e4, 1.93e6, 0},  {0.0013, 0.0071, 0},  {1990.0, 1990.4, 1}};
  for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
    for (double width = 31.3; width < 900; width *= 1.17) {
      chart_axis ax;
      chart_fit_x(cr, &ax, ranges[r][0], ranges[r][1], width, (int)ranges[r][2]);
      assert_true(ax.n >= 1);
      double prev_right = -1e9;
      for (int i = 0; i < ax.n; i++) {
        double x = (ax.tick[i] - ranges[r][0]) / (ranges[r][1] - ranges[r][0]) * width;
        double w = chart_text_w(cr, ax.label[i]);
        assert_true(x >= -1e-9 && x <= width + 1e-9);
        assert_true(x - w / 2 - prev_right >= 10.0 - 1e-9);
        prev_right = x + w / 2;
      }
    }
  cairo_destroy(cr);
  cairo_surface_destroy(img);
}

typedef struct membuf {
  unsigned char *p; /* bytes */
  size_t n, cap;    /* used, allocated */
  int fail_after;   /* fail the k-th call (-1 never) */
} membuf;

static int mem_write(void *closure, const unsigned char *data, size_t n) {
  membuf *m = closure;
  if (m->fail_after == 0) return -1;
  if (m->fail_after > 0) m->fail_after--;
  if (m->n + n > m->cap) {
    size_t cap = (m->n + n) * 2;
    unsigned char *p = realloc(m->p, cap);
    if (!p) return -1;
    m->p = p;
    m->cap = cap;
  }
  memcpy(m->p + m->n, data, n);
  m->n += n;
  return 0;
}

static void test_write_png(void **state) {
  (void)state;
  soso_chart *c = sample_chart();
  char p[600];
  assert_int_equal(soso_chart_save(c, path_in(p, sizeof p, "cb.png")), SOSO_OK);
  membuf m = {NULL, 0, 0, -1};
  assert_int_equal(soso_chart_write_png(c, mem_write, &m), SOSO_OK);
  size_t n = 0;
  unsigned char *file = slurp(p, &n);
  assert_int_equal(m.n, n);
  assert_memory_equal(m.p, file, n);
  free(file);
  free(m.p);
  /* a writer that fails is reported */
  membuf bad = {NULL, 0, 0, 1};
  assert_int_equal(soso_chart_write_png(c, mem_write, &bad), SOSO_EIO);
  free(bad.p);
  assert_int_equal(soso_chart_write_png(c, NULL, NULL), SOSO_EUSAGE);
  soso_chart_free(c);
}

/* Columns (in pixels) of img that hold colour argb somewhere. */
static int columns_with(cairo_surface_t *img, uint32_t argb, unsigned char *col) {
  int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
  int stride = cairo_image_surface_get_stride(img), n = 0;
  const unsigned char *d = cairo_image_surface_get_data(img);
  for (int x = 0; x < w; x++) {
    col[x] = 0;
    for (int y = 0; y < h && !col[x]; y++)
      if (*(const uint32_t *)(const void *)(d + y * stride + x * 4) == argb) col[x] = 1;
    n += col[x];
  }
  return n;
}

static cairo_surface_t *render(const soso_chart *c, const char *name) {
  char p[600];
  assert_int_equal(soso_chart_save(c, path_in(p, sizeof p, name)), SOSO_OK);
  cairo_surface_t *img = cairo_image_surface_create_from_png(p);
  assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
  return img;
}

static void test_gaps_and_order(void **state) {
  (void)state;
  /* A NaN run in the middle of a line leaves a gap as wide as the run. */
  soso_chart *c = NULL;
  assert_int_equal(soso_chart_new(&c, 300, 200, 1, 1), 0);
  double x[41], y[41], lo[41], hi[41];
  for (int i = 0; i < 41; i++) {
    x[i] = 0.25 * i;
    y[i] = (i > 16 && i < 24) ? NAN : 3.7 + 0.41 * i; /* x 4.25 .. 5.75 missing */
    lo[i] = 0.0;
    hi[i] = 100.0;
  }
  soso_rgb red = {1, 0, 0}, green = {0, 1, 0};
  assert_int_equal(soso_chart_line(c, x, y, 41, NULL, red, 3.0, 0), 0);
  cairo_surface_t *img = render(c, "gap.png");
  int w = cairo_image_surface_get_width(img);
  unsigned char *col = calloc((size_t)w, 1);
  assert_true(columns_with(img, 0xffff0000u, col) > 100);
  int first = -1, last = -1, gap = 0, run = 0;
  for (int i = 0; i < w; i++)
    if (col[i]) {
      if (first < 0) first = i;
      last = i;
      run = 0;
    } else if (first >= 0 && ++run > gap)
      gap = run;
  /* The gap spans x 4.0..6.0 minus the round caps (1.5 pt each side), of the
   * line's 0..10: between 15 % and 20 % of the drawn width. */
  double frac = (double)gap / (double)(last - first);
  assert_true(frac > 0.15 && frac < 0.20);
  cairo_surface_destroy(img);
  /* A band added after the line, opaque, still sits under it. */
  assert_int_equal(soso_chart_band(c, x, lo, hi, 41, NULL, green, 1.0), 0);
  img = render(c, "order.png");
  assert_true(columns_with(img, 0xffff0000u, col) > 100);
  assert_true(columns_with(img, 0xff00ff00u, col) > 100);
  cairo_surface_destroy(img);
  free(col);
  soso_chart_free(c);
}

/* Rows of column x of img holding colour argb: first and last (-1 if none). */
static void rows_with(cairo_surface_t *img, int x, uint32_t argb, int *first, int *last) {
  int h = cairo_image_surface_get_height(img), stride = cairo_image_surface_get_stride(img);
  const unsigned char *d = cairo_image_surface_get_data(img);
  *first = *last = -1;
  for (int y = 0; y < h; y++)
    if (*(const uint32_t *)(const void *)(d + y * stride + x * 4) == argb) {
      if (*first < 0) *first = y;
      *last = y;
    }
}

static void test_dense_series(void **state) {
  (void)state;
  /* 200 003 points alternating between 0 and 1: thinning keeps every column's
   * lowest and highest point, so every column of the line spans the full height. */
  size_t n = 200003;
  double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
  assert_non_null(x);
  assert_non_null(y);
  for (size_t i = 0; i < n; i++) {
    x[i] = 3.17 + 1e-5 * (double)i;
    y[i] = (i % 2) ? 1.0 : 0.0;
  }
  soso_chart *c = NULL;
  assert_int_equal(soso_chart_new(&c, 300, 200, 1, 1), 0);
  soso_rgb red = {1, 0, 0};
  assert_int_equal(soso_chart_line(c, x, y, n, NULL, red, 1.0, 0), 0);
  cairo_surface_t *img = render(c, "dense.png");
  int w = cairo_image_surface_get_width(img);
  unsigned char *col = calloc((size_t)w, 1);
  assert_true(columns_with(img, 0xffff0000u, col) > 300);
  int a = -1, b = -1, top = -1, bottom = -1, checked = 0;
  for (int i = 0; i < w; i++)
    if (col[i] && a < 0) a = i;
  for (int i = w - 1; i >= 0; i--)
    if (col[i] && b < 0) b = i;
  rows_with(img, (a + b) / 2, 0xffff0000u, &top, &bottom);
  for (int i = a + 4; i <= b - 4; i += 7) { /* inner columns, clear of the caps */
    int t, u;
    rows_with(img, i, 0xffff0000u, &t, &u);
    assert_true(abs(t - top) <= 1 && abs(u - bottom) <= 1); /* one pixel of antialiasing */
    checked++;
  }
  assert_true(checked > 50);
  assert_true(bottom - top > 200); /* the plot is most of the 400 px height */
  cairo_surface_destroy(img);
  free(col);
  free(x);
  free(y);
  soso_chart_free(c);
}

static void test_legend_place(void **state) {
  (void)state;
  /* Data along the top of the plot: the legend goes to the bottom. */
  chart_panel p;
  memset(&p, 0, sizeof p);
  chart_series s;
  memset(&s, 0, sizeof s);
  double x[2] = {0, 10}, y[2] = {9.5, 9.5};
  s.kind = CK_LINE;
  s.n = 2;
  s.x = x;
  s.a = y;
  s.size = 2;
  p.s = &s;
  p.ns = 1;
  chart_frame f;
  memset(&f, 0, sizeof f);
  f.x0 = 50;
  f.x1 = 350;
  f.y0 = 20;
  f.y1 = 220;
  chart_axis_linear(&f.xa, 0, 10, 6, 0, 0);
  chart_axis_linear(&f.ya, 0, 10, 6, 0, 0);
  double lx = 0, ly = 0;
  assert_true(chart_legend_place(&f, &p, 80, 40, &lx, &ly) == 0.0);
  assert_true(ly > 120);
  /* Data everywhere: every place covers some. */
  s.kind = CK_BAND;
  double lo[2] = {0, 0}, hi[2] = {10, 10};
  s.a = lo;
  s.b = hi;
  s.size = 0.3;
  assert_true(chart_legend_place(&f, &p, 80, 40, &lx, &ly) > 0.9);
  /* A very long label is cut: the legend stays within its maximum width. */
  char label[400];
  memset(label, 'm', sizeof label - 1);
  label[sizeof label - 1] = '\0';
  s.label = label;
  cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_A8, 8, 8);
  cairo_t *cr = cairo_create(img);
  double w = 0, h = 0;
  assert_int_equal(chart_legend_size(cr, &p, &w, &h), 1);
  assert_true(w > LEG_MAXW && w <= 6 + LEG_SWATCH + 5 + LEG_MAXW + 6);
  cairo_destroy(cr);
  cairo_surface_destroy(img);
}

static void test_panels_and_hostile(void **state) {
  (void)state;
  soso_chart *c = NULL;
  assert_int_equal(soso_chart_new(&c, 10, 300, 1, 1), SOSO_EUSAGE);
  assert_int_equal(soso_chart_new(&c, 600, 4001, 1, 1), SOSO_EUSAGE);
  assert_null(c);
  assert_int_equal(soso_chart_new(&c, NAN, 300, 1, 1), SOSO_EUSAGE);
  assert_int_equal(soso_chart_new(&c, 600, 300, 0, 1), SOSO_EUSAGE);
  assert_int_equal(soso_chart_new(&c, 700, 420, 2, 2), SOSO_OK);
  assert_int_equal(soso_chart_panel(c, 4), SOSO_EUSAGE);
  assert_int_equal(soso_chart_panel(c, -1), SOSO_EUSAGE);
  soso_chart_title(c, "Four panels with a rather long title that has to be shrunk a little "
                      "to fit the width of the figure",
                   NULL);
  soso_chart_source(c, NULL);
  double x[7] = {0, 1, 2, 3, 4, 5, 6}, y[7] = {3.1, -2.2, NAN, 4.4, 0.5, 1.9, 2.7};
  double top[7] = {1.3, 2.9, 0.7, 4.1, 3.3, 2.2, 1.8}, top2[7];
  for (int i = 0; i < 7; i++) top2[i] = top[i] + 0.5 * i;
  /* 0: lines with NaN, NULL labels, n = 0 */
  assert_int_equal(soso_chart_panel(c, 0), 0);
  soso_chart_panel_title(c, NULL);
  assert_int_equal(soso_chart_line(c, x, y, 7, NULL, soso_chart_palette(0), 1.5, 1), 0);
  assert_int_equal(soso_chart_line(c, NULL, NULL, 0, "empty", soso_chart_palette(1), 0, 0), 0);
  assert_int_equal(soso_chart_line(c, NULL, y, 7, "bad", soso_chart_palette(1), 1, 0), SOSO_EUSAGE);
  assert_int_equal(soso_chart_band(c, x, y, NULL, 7, "bad", soso_chart_palette(1), 0.3),
                   SOSO_EUSAGE);
  assert_int_equal(soso_chart_hline(c, NAN, "bad", soso_chart_palette(1)), SOSO_EUSAGE);
  assert_int_equal(soso_chart_vline(c, INFINITY, "bad", soso_chart_palette(1)), SOSO_EUSAGE);
  /* 1: stacked bars on categories */
  assert_int_equal(soso_chart_panel(c, 1), 0);
  const char *names[7] = {"Labour", "Energy", NULL, "Transport", "Royalty", "Water", "Other"};
  assert_int_equal(soso_chart_xcategories(c, names, 7), 0);
  assert_int_equal(soso_chart_bars(c, x, NULL, top, 7, 0.7, "a", soso_chart_palette(0)), 0);
  assert_int_equal(soso_chart_bars(c, x, top, top2, 7, 0.7, "b", soso_chart_palette(1)), 0);
  assert_int_equal(soso_chart_bars(c, x, NULL, top, 7, 0.0, "c", soso_chart_palette(2)), SOSO_EUSAGE);
  assert_int_equal(soso_chart_xcategories(c, NULL, 3), SOSO_EUSAGE);
  /* 2: log axis with non-positive values (gaps), all-equal values */
  assert_int_equal(soso_chart_panel(c, 2), 0);
  soso_chart_ylog(c, 1);
  assert_int_equal(soso_chart_line(c, x, y, 7, "log", soso_chart_palette(2), 2, 0), 0);
  double flat[7] = {5.5, 5.5, 5.5, 5.5, 5.5, 5.5, 5.5};
  assert_int_equal(soso_chart_points(c, x, flat, 7, "flat", soso_chart_palette(3), 3), 0);
  /* 3: no data at all, only labels */
  assert_int_equal(soso_chart_panel(c, 3), 0);
  soso_chart_axes(c, NULL, "y (unit)");
  soso_chart_yrange(c, NAN, 1.0); /* recorded misuse */
  char p[600];
  assert_int_equal(soso_chart_save(c, path_in(p, sizeof p, "p4.png")), SOSO_EUSAGE);
  soso_chart_free(c);

  /* The same without the misuse draws. */
  assert_int_equal(soso_chart_new(&c, 700, 420, 2, 2), SOSO_OK);
  for (int k = 0; k < 4; k++) {
    assert_int_equal(soso_chart_panel(c, k), 0);
    soso_chart_axes(c, "x", "y");
    if (k == 1) soso_chart_ylog(c, 1);
    if (k == 2) soso_chart_xyears(c, 1);
    if (k < 3) assert_int_equal(soso_chart_line(c, x, flat, 7, "flat", soso_chart_palette(0), 1, 0), 0);
  }
  soso_chart_yrange(c, -1.0, 1.0);
  soso_chart_xrange(c, 2020.0, 2030.0);
  assert_int_equal(soso_chart_save(c, path_in(p, sizeof p, "p4.svg")), SOSO_OK);
  assert_int_equal(soso_chart_save(c, path_in(p, sizeof p, "p4.pdf")), SOSO_OK);
  soso_chart_free(c);

  /* titles too long for one line: two lines, one long word, over the buffer */
  static char word[700];
  memset(word, 'W', sizeof word - 1);
  const char *titles[] = {"A title with many words that cannot fit on one line of a chart "
                          "this narrow, so it is set on two",
                          word + 400, word};
  for (size_t i = 0; i < 3; i++) {
    assert_int_equal(soso_chart_new(&c, 200, 150, 1, 1), SOSO_OK);
    soso_chart_title(c, titles[i], titles[i]);
    assert_int_equal(soso_chart_save(c, path_in(p, sizeof p, "title.svg")), SOSO_OK);
    soso_chart_free(c);
  }

  /* extreme magnitudes draw without overflow */
  assert_int_equal(soso_chart_new(&c, 400, 300, 1, 2), SOSO_OK);
  double big[3] = {-1.7e308, 3.1e307, 1.7e308}, tiny[3] = {2.3e-300, 2.9e-300, 3.7e-300};
  assert_int_equal(soso_chart_line(c, big, big, 3, "big", soso_chart_palette(0), 1, 0), 0);
  assert_int_equal(soso_chart_panel(c, 1), 0);
  soso_chart_ylog(c, 1);
  assert_int_equal(soso_chart_points(c, tiny, tiny, 3, "tiny", soso_chart_palette(1), 2), 0);
  assert_int_equal(soso_chart_points(c, NULL, tiny, 3, "bad", soso_chart_palette(1), 2), SOSO_EUSAGE);
  assert_int_equal(soso_chart_save(c, path_in(p, sizeof p, "extreme.png")), SOSO_OK);
  soso_chart_xrange(c, 1.0, INFINITY); /* misuse is reported by write_png too */
  membuf m = {NULL, 0, 0, -1};
  assert_int_equal(soso_chart_write_png(c, mem_write, &m), SOSO_EUSAGE);
  assert_int_equal(m.n, 0);
  free(m.p);
  soso_chart_free(c);

  /* NULL-safe entry points */
  soso_chart_free(NULL);
  soso_chart_title(NULL, "t", NULL);
  soso_chart_axes(NULL, "x", "y");
  soso_chart_xyears(NULL, 1);
  assert_int_equal(soso_chart_line(NULL, x, y, 7, NULL, soso_chart_palette(0), 1, 0), SOSO_EUSAGE);
  assert_int_equal(soso_chart_save(NULL, "x.png"), SOSO_EUSAGE);
  assert_int_equal(soso_chart_new(NULL, 100, 100, 1, 1), SOSO_EUSAGE);
}

static void test_palette(void **state) {
  (void)state;
  soso_rgb a = soso_chart_palette(0), b = soso_chart_palette(8), v = soso_chart_palette(1);
  assert_true(a.r == b.r && a.g == b.g && a.b == b.b); /* wraps after eight */
  /* Okabe-Ito vermillion is (213, 94, 0) */
  assert_true(fabs(v.r - 213.0 / 255) < 0.002 && fabs(v.g - 94.0 / 255) < 0.002 && v.b == 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_formats),        cmocka_unit_test(test_unknown_extension),
      cmocka_unit_test(test_failed_save),    cmocka_unit_test(test_canvas),
      cmocka_unit_test(test_ticks),          cmocka_unit_test(test_x_labels_never_overlap),
      cmocka_unit_test(test_write_png),
      cmocka_unit_test(test_gaps_and_order), cmocka_unit_test(test_dense_series),
      cmocka_unit_test(test_legend_place),
      cmocka_unit_test(test_panels_and_hostile), cmocka_unit_test(test_palette),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
