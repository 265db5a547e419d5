/* draw.c - drawing primitives of charts: text, series, reference lines, legends.
 *
 * Series are drawn inside the plot clip in a fixed order - bars, bands, reference
 * lines, lines, points - so that bands sit under lines whatever the call order.
 * Non-finite values (and values <= 0 on log axes) break lines and bands into runs.
 * The legend goes inside the plot where it covers no data: candidate places are
 * scored by drawing the data into an A8 mask (strokes widened 6 pt for clearance)
 * and counting covered pixels (layout.c moves it outside when all are covered).
 */
#define _GNU_SOURCE /* RTLD_DEFAULT */
#include "chart/chart_int.h"

#include <cairo.h>
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Text helpers ---------------------------------------------------------------- */

/* cairo's toy text API loads fonts through fontconfig, which keeps its
 * configuration for the life of the process; leak checkers (LeakSanitizer in the
 * ASan build, valgrind) then report it at exit in every program that drew text.
 * Releasing those caches when the process ends keeps them clean without asking
 * each program to call a cleanup function. FcFini is looked up at run time because
 * libsoso links cairo, not fontconfig (cairo pulls fontconfig into the process);
 * if it is not there, nothing is released. Runs after main returns, when no
 * thread of ours draws any more. */
static void release_font_caches(void) __attribute__((destructor));
static void release_font_caches(void) {
  cairo_debug_reset_static_data();
  void *sym = dlsym(RTLD_DEFAULT, "FcFini");
  if (sym) {
    void (*fcfini)(void);
    memcpy(&fcfini, &sym, sizeof fcfini); /* object to function pointer, as POSIX allows */
    fcfini();
  }
}

void chart_font(cairo_t *cr, double size, int bold) {
  cairo_select_font_face(cr, CHART_FONT, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

double chart_text_w(cairo_t *cr, const char *s) {
  cairo_text_extents_t te;
  if (!s || !*s) return 0;
  cairo_text_extents(cr, s, &te);
  return te.x_advance;
}

void chart_text_at(cairo_t *cr, double x, double y, const char *s, double ax, double ay,
                   double size) {
  if (!s || !*s) return;
  double w = chart_text_w(cr, s);
  double cap = 0.73 * size; /* DejaVu Sans cap height */
  cairo_move_to(cr, x - ax * w, y + (1.0 - ay) * cap);
  cairo_show_text(cr, s);
  cairo_new_path(cr);
}

const char *chart_cut_label(cairo_t *cr, const char *s, double maxw, char *buf, size_t n) {
  if (chart_text_w(cr, s) <= maxw) return s;
  size_t len = strlen(s);
  if (len + 4 > n) len = n - 4;
  for (; len > 0; len--) {
    if (((unsigned char)s[len] & 0xC0) == 0x80) continue; /* inside a character */
    memcpy(buf, s, len);
    memcpy(buf + len, "\xe2\x80\xa6", 4); /* U+2026 and the NUL */
    if (chart_text_w(cr, buf) <= maxw) return buf;
  }
  return "\xe2\x80\xa6";
}

static void rgb(cairo_t *cr, soso_rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

static void grey(cairo_t *cr, double g) { cairo_set_source_rgb(cr, g, g, g); }

/* Coordinates ------------------------------------------------------------------ */

double chart_mapx(const chart_frame *f, double x) {
  return f->x0 + (x - f->xa.lo) / (f->xa.hi - f->xa.lo) * (f->x1 - f->x0);
}

double chart_mapy(const chart_frame *f, double y) {
  double t = f->ylog ? (log10(y) - log10(f->ya.lo)) / (log10(f->ya.hi) - log10(f->ya.lo))
                     : (y - f->ya.lo) / (f->ya.hi - f->ya.lo);
  return f->y1 - t * (f->y1 - f->y0);
}

int chart_yok(const chart_frame *f, double y) { return isfinite(y) && (!f->ylog || y > 0); }

/* Series drawing --------------------------------------------------------------- */

/* Bars of s; mask: coverage only (one colour, no outline). */
static void draw_bars(cairo_t *cr, const chart_frame *f, const chart_series *s, int mask) {
  for (size_t i = 0; i < s->n; i++) {
    double b = s->b ? s->b[i] : 0.0;
    if (!isfinite(s->x[i]) || !isfinite(s->a[i]) || !isfinite(b)) continue;
    double top = s->a[i];
    if (f->ylog) {
      if (top <= 0) continue;
      if (b <= 0) b = f->ya.lo;
    }
    double xa = chart_mapx(f, s->x[i] - s->size / 2), xb = chart_mapx(f, s->x[i] + s->size / 2);
    double ya = chart_mapy(f, b), yb = chart_mapy(f, top);
    cairo_rectangle(cr, xa, fmin(ya, yb), xb - xa, fabs(ya - yb));
  }
  if (mask) {
    cairo_fill(cr);
    return;
  }
  rgb(cr, s->color);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 1, 1, 1); /* a hairline of white separates stacked bars */
  cairo_set_line_width(cr, 0.5);
  cairo_stroke(cr);
}

/* Path building that thins dense series: the points of a run that fall in one
 * 0.25 pt column are reduced to the first, lowest, highest and last of them, in
 * their order. The drawing is unchanged at the resolutions written (PNG has 0.5 pt
 * pixels) and a 10^5-point series costs a few hundred path segments. */
typedef struct thin {
  cairo_t *cr;          /* context whose path is built */
  int open;             /* a column is being collected */
  double col;           /* its index */
  double fy;            /* first y of the column (already on the path) */
  double lox, loy;      /* lowest point (largest device y) */
  double hix, hiy;      /* highest point */
  long seen, ilo, ihi;  /* points seen in the column, when lowest / highest came */
  double lx, ly;        /* last point */
} thin;

static void thin_flush(thin *t) {
  if (!t->open) return;
  int lofirst = t->ilo <= t->ihi;
  double ax = lofirst ? t->lox : t->hix, ay = lofirst ? t->loy : t->hiy;
  double bx = lofirst ? t->hix : t->lox, by = lofirst ? t->hiy : t->loy;
  if (ay != t->fy) cairo_line_to(t->cr, ax, ay);
  if (by != ay) cairo_line_to(t->cr, bx, by);
  if (t->ly != by) cairo_line_to(t->cr, t->lx, t->ly);
  t->open = 0;
}

/* Adds (x, y) in points; move: start a new sub-path there. */
static void thin_add(thin *t, double x, double y, int move) {
  double c = floor(x * 4.0);
  if (t->open && !move && c == t->col) {
    t->seen++;
    if (y > t->loy) {
      t->lox = x;
      t->loy = y;
      t->ilo = t->seen;
    }
    if (y < t->hiy) {
      t->hix = x;
      t->hiy = y;
      t->ihi = t->seen;
    }
    t->lx = x;
    t->ly = y;
    return;
  }
  thin_flush(t);
  if (move) cairo_move_to(t->cr, x, y);
  cairo_line_to(t->cr, x, y); /* after a move, a lone point still shows (round caps) */
  t->open = 1;
  t->col = c;
  t->fy = t->loy = t->hiy = t->ly = y;
  t->lox = t->hix = t->lx = x;
  t->seen = t->ilo = t->ihi = 0;
}

static int band_ok(const chart_frame *f, const chart_series *s, size_t i) {
  return isfinite(s->x[i]) && chart_yok(f, s->a[i]) && chart_yok(f, s->b[i]);
}

static void draw_band(cairo_t *cr, const chart_frame *f, const chart_series *s) {
  thin t = {.cr = cr};
  size_t i = 0;
  while (i < s->n) {
    while (i < s->n && !band_ok(f, s, i)) i++;
    size_t j = i;
    while (j < s->n && band_ok(f, s, j)) j++;
    for (size_t k = i; k < j; k++)
      thin_add(&t, chart_mapx(f, s->x[k]), chart_mapy(f, s->b[k]), k == i);
    thin_flush(&t);
    for (size_t k = j; k-- > i;)
      thin_add(&t, chart_mapx(f, s->x[k]), chart_mapy(f, s->a[k]), 0);
    thin_flush(&t);
    if (j > i) cairo_close_path(cr);
    i = j;
  }
  cairo_fill(cr);
}

static void draw_line(cairo_t *cr, const chart_frame *f, const chart_series *s) {
  thin t = {.cr = cr};
  int move = 1;
  for (size_t i = 0; i < s->n; i++) {
    if (!isfinite(s->x[i]) || !chart_yok(f, s->a[i])) {
      move = 1;
      continue;
    }
    thin_add(&t, chart_mapx(f, s->x[i]), chart_mapy(f, s->a[i]), move);
    move = 0;
  }
  thin_flush(&t);
  cairo_stroke(cr);
}

static void draw_points(cairo_t *cr, const chart_frame *f, const chart_series *s, double grow) {
  for (size_t i = 0; i < s->n; i++) {
    if (!isfinite(s->x[i]) || !chart_yok(f, s->a[i])) continue;
    double x = chart_mapx(f, s->x[i]), y = chart_mapy(f, s->a[i]);
    if (x < f->x0 - 0.5 || x > f->x1 + 0.5 || y < f->y0 - 0.5 || y > f->y1 + 0.5) continue;
    cairo_new_sub_path(cr);
    cairo_arc(cr, x, y, s->size + grow, 0, 2 * CHART_PI);
  }
}

static void set_dash(cairo_t *cr, int dashed, double width) {
  if (dashed) {
    double d[2] = {4.0 * fmax(width, 0.8), 2.5 * fmax(width, 0.8)};
    cairo_set_dash(cr, d, 2, 0);
  } else
    cairo_set_dash(cr, NULL, 0, 0);
}

/* Draws every series of p. mask: draw coverage only, strokes widened by 6 pt. */
void chart_draw_data(cairo_t *cr, const chart_frame *f, const chart_panel *p, int mask) {
  cairo_save(cr);
  cairo_rectangle(cr, f->x0, f->y0, f->x1 - f->x0, f->y1 - f->y0);
  cairo_clip(cr);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  double grow = mask ? 6.0 : 0.0;
  for (size_t k = 0; k < p->ns; k++)
    if (p->s[k].kind == CK_BARS) draw_bars(cr, f, &p->s[k], mask);
  for (size_t k = 0; k < p->ns; k++) {
    const chart_series *s = &p->s[k];
    if (s->kind != CK_BAND) continue;
    if (!mask) cairo_set_source_rgba(cr, s->color.r, s->color.g, s->color.b, s->size);
    draw_band(cr, f, s);
  }
  for (size_t k = 0; k < p->ns; k++) {
    const chart_series *s = &p->s[k];
    if (s->kind != CK_HLINE && s->kind != CK_VLINE) continue;
    if (s->kind == CK_HLINE) {
      if (!chart_yok(f, s->v)) continue;
      double y = chart_mapy(f, s->v);
      cairo_move_to(cr, f->x0, y);
      cairo_line_to(cr, f->x1, y);
    } else {
      double x = chart_mapx(f, s->v);
      cairo_move_to(cr, x, f->y0);
      cairo_line_to(cr, x, f->y1);
    }
    cairo_set_line_width(cr, 1.0 + grow);
    set_dash(cr, !mask, 1.0);
    if (!mask) rgb(cr, s->color);
    cairo_stroke(cr);
  }
  for (size_t k = 0; k < p->ns; k++) {
    const chart_series *s = &p->s[k];
    if (s->kind != CK_LINE) continue;
    cairo_set_line_width(cr, s->size + grow);
    set_dash(cr, s->dashed && !mask, s->size);
    if (!mask) rgb(cr, s->color);
    draw_line(cr, f, s);
  }
  cairo_set_dash(cr, NULL, 0, 0);
  cairo_restore(cr);
  /* Points on the edge of the plot are drawn whole, not cut in half. */
  cairo_save(cr);
  for (size_t k = 0; k < p->ns; k++) {
    const chart_series *s = &p->s[k];
    if (s->kind != CK_POINTS) continue;
    draw_points(cr, f, s, grow);
    if (mask) {
      cairo_fill(cr);
      continue;
    }
    rgb(cr, s->color);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
  }
  /* Markers last, over everything: a white disc, a ring and a dot in the colour. */
  for (size_t k = 0; k < p->ns; k++) {
    const chart_series *s = &p->s[k];
    if (s->kind != CK_MARK || !chart_yok(f, s->a[0])) continue;
    double x = chart_mapx(f, s->x[0]), y = chart_mapy(f, s->a[0]);
    if (x < f->x0 - 0.5 || x > f->x1 + 0.5 || y < f->y0 - 0.5 || y > f->y1 + 0.5) continue;
    cairo_new_path(cr);
    cairo_arc(cr, x, y, s->size + 1.0 + grow, 0, 2 * CHART_PI);
    if (mask) {
      cairo_fill(cr);
      continue;
    }
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill(cr);
    cairo_arc(cr, x, y, s->size, 0, 2 * CHART_PI);
    rgb(cr, s->color);
    cairo_set_line_width(cr, 1.6);
    cairo_stroke(cr);
    cairo_arc(cr, x, y, 0.45 * s->size, 0, 2 * CHART_PI);
    cairo_fill(cr);
  }
  cairo_restore(cr);
}

/* s at (x, y) with anchors as chart_text_at, on a white halo so that it reads
 * over data; the source colour is the text colour. */
static void halo_text(cairo_t *cr, double x, double y, const char *s, double ax, double ay,
                      double size) {
  cairo_pattern_t *ink = cairo_pattern_reference(cairo_get_source(cr));
  double w = chart_text_w(cr, s);
  double bx = x - ax * w, by = y + (1.0 - ay) * 0.73 * size;
  cairo_move_to(cr, bx, by);
  cairo_text_path(cr, s);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_set_line_width(cr, 2.5);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke(cr);
  /* the text itself as text, not outlines, so a PDF reader can find and copy it */
  cairo_set_source(cr, ink);
  cairo_move_to(cr, bx, by);
  cairo_show_text(cr, s);
  cairo_new_path(cr);
  cairo_pattern_destroy(ink);
}

/* Reference-line labels, drawn over the data in the line's colour. */
void chart_draw_ref_labels(cairo_t *cr, const chart_frame *f, const chart_panel *p) {
  chart_font(cr, FS_NOTE + 0.5, 0);
  for (size_t k = 0; k < p->ns; k++) {
    const chart_series *s = &p->s[k];
    if (!s->label || !*s->label) continue;
    if (s->kind == CK_HLINE && chart_yok(f, s->v)) {
      double y = chart_mapy(f, s->v);
      if (y < f->y0 || y > f->y1) continue;
      rgb(cr, s->color);
      /* above the line unless it is at the top of the plot */
      if (y - f->y0 > 12)
        halo_text(cr, f->x1 - 3, y - 2.5, s->label, 1.0, 1.0, FS_NOTE + 0.5);
      else
        halo_text(cr, f->x1 - 3, y + 2.5, s->label, 1.0, 0.0, FS_NOTE + 0.5);
    } else if (s->kind == CK_VLINE) {
      double x = chart_mapx(f, s->v);
      if (x < f->x0 || x > f->x1) continue;
      rgb(cr, s->color);
      double w = chart_text_w(cr, s->label);
      if (f->x1 - x > w + 6)
        halo_text(cr, x + 3, f->y0 + 3, s->label, 0.0, 0.0, FS_NOTE + 0.5);
      else
        halo_text(cr, x - 3, f->y0 + 3, s->label, 1.0, 0.0, FS_NOTE + 0.5);
    } else if (s->kind == CK_MARK && chart_yok(f, s->a[0])) {
      double x = chart_mapx(f, s->x[0]), y = chart_mapy(f, s->a[0]);
      if (x < f->x0 - 0.5 || x > f->x1 + 0.5 || y < f->y0 - 0.5 || y > f->y1 + 0.5) continue;
      /* beside the dot, level with it, on the side with room (right first) */
      rgb(cr, s->color);
      double w = chart_text_w(cr, s->label), gap = s->size + 4.0;
      if (f->x1 - x > w + gap + 2)
        halo_text(cr, x + gap, y, s->label, 0.0, 0.5, FS_NOTE + 0.5);
      else if (x - f->x0 > w + gap + 2)
        halo_text(cr, x - gap, y, s->label, 1.0, 0.5, FS_NOTE + 0.5);
      else { /* no room beside the dot: above (or below) it, kept inside the plot */
        double lx = fmin(fmax(x - w / 2, f->x0 + 2), f->x1 - 2 - w);
        if (y - f->y0 > 16 + gap)
          halo_text(cr, lx, y - gap, s->label, 0.0, 1.0, FS_NOTE + 0.5);
        else
          halo_text(cr, lx, y + gap, s->label, 0.0, 0.0, FS_NOTE + 0.5);
      }
    }
  }
}

/* Legend --------------------------------------------------------------------- */

static int legend_entry(const chart_series *s) {
  return s->label && *s->label && s->kind != CK_HLINE && s->kind != CK_VLINE &&
         s->kind != CK_MARK;
}

/* Size of a vertical legend box (w, h); returns the number of entries. */
int chart_legend_size(cairo_t *cr, const chart_panel *p, double *w, double *h) {
  char buf[256];
  int n = 0;
  double tw = 0;
  chart_font(cr, FS_LEGEND, 0);
  for (size_t k = 0; k < p->ns; k++)
    if (legend_entry(&p->s[k])) {
      n++;
      tw = fmax(tw, chart_text_w(cr, chart_cut_label(cr, p->s[k].label, LEG_MAXW, buf,
                                                        sizeof buf)));
    }
  *w = n ? 6 + LEG_SWATCH + 5 + tw + 6 : 0;
  *h = n ? 4 + n * LEG_ROW + 2 : 0;
  return n;
}

/* Rows a horizontal legend of width avail needs. */
int chart_legend_rows(cairo_t *cr, const chart_panel *p, double avail) {
  char buf[256];
  int rows = 0;
  double x = avail + 1;
  chart_font(cr, FS_LEGEND, 0);
  for (size_t k = 0; k < p->ns; k++) {
    if (!legend_entry(&p->s[k])) continue;
    double ew = LEG_SWATCH + 5 +
                chart_text_w(cr, chart_cut_label(cr, p->s[k].label, LEG_MAXW, buf, sizeof buf)) +
                14;
    if (x + ew > avail && x > 0) {
      rows++;
      x = 0;
    }
    x += ew;
  }
  return rows;
}

static int same_rgb(soso_rgb a, soso_rgb b) { return a.r == b.r && a.g == b.g && a.b == b.b; }

/* Swatch of series k of p, centred vertically on ymid, from x. */
static void legend_swatch(cairo_t *cr, const chart_panel *p, size_t k, double x, double ymid) {
  const chart_series *s = &p->s[k];
  switch (s->kind) {
  case CK_LINE:
    rgb(cr, s->color);
    cairo_set_line_width(cr, s->size);
    set_dash(cr, s->dashed, s->size);
    cairo_move_to(cr, x, ymid);
    cairo_line_to(cr, x + LEG_SWATCH, ymid);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    break;
  case CK_BAND:
    /* Fan-chart bands nest: an inner band shows over the outer ones of its colour,
     * so its swatch does too. */
    for (size_t j = 0; j <= k; j++) {
      const chart_series *o = &p->s[j];
      if (o->kind != CK_BAND || (j < k && !same_rgb(o->color, s->color))) continue;
      cairo_set_source_rgba(cr, o->color.r, o->color.g, o->color.b, o->size);
      cairo_rectangle(cr, x, ymid - 4.5, LEG_SWATCH, 9);
      cairo_fill(cr);
    }
    break;
  case CK_POINTS:
    rgb(cr, s->color);
    cairo_arc(cr, x + LEG_SWATCH / 2, ymid, fmin(s->size, 4.0), 0, 2 * CHART_PI);
    cairo_fill(cr);
    break;
  default:
    rgb(cr, s->color);
    cairo_rectangle(cr, x + 4, ymid - 5, LEG_SWATCH - 8, 10);
    cairo_fill(cr);
    break;
  }
}

/* Vertical legend with its top-left corner at (x, y). */
void chart_legend_box(cairo_t *cr, const chart_panel *p, double x, double y, double w,
                            double h, int background) {
  char buf[256];
  if (background) {
    cairo_set_source_rgba(cr, 1, 1, 1, 0.88);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
  }
  double row = y + 4 + LEG_ROW / 2;
  for (size_t k = 0; k < p->ns; k++) {
    const chart_series *s = &p->s[k];
    if (!legend_entry(s)) continue;
    legend_swatch(cr, p, k, x + 6, row);
    grey(cr, 0.15);
    chart_font(cr, FS_LEGEND, 0);
    chart_text_at(cr, x + 6 + LEG_SWATCH + 5, row,
                  chart_cut_label(cr, s->label, LEG_MAXW, buf, sizeof buf), 0.0, 0.5, FS_LEGEND);
    row += LEG_ROW;
  }
}

/* Horizontal legend flowing from (x, y) within width avail. */
void chart_legend_row(cairo_t *cr, const chart_panel *p, double x0, double y,
                            double avail) {
  char buf[256];
  double x = x0;
  double row = y + LEG_ROW / 2;
  chart_font(cr, FS_LEGEND, 0);
  for (size_t k = 0; k < p->ns; k++) {
    const chart_series *s = &p->s[k];
    if (!legend_entry(s)) continue;
    chart_font(cr, FS_LEGEND, 0);
    const char *text = chart_cut_label(cr, s->label, LEG_MAXW, buf, sizeof buf);
    double ew = LEG_SWATCH + 5 + chart_text_w(cr, text) + 14;
    if (x > x0 && x + ew > x0 + avail) {
      x = x0;
      row += LEG_ROW;
    }
    legend_swatch(cr, p, k, x, row);
    grey(cr, 0.15);
    chart_font(cr, FS_LEGEND, 0);
    chart_text_at(cr, x + LEG_SWATCH + 5, row, text, 0.0, 0.5, FS_LEGEND);
    x += ew;
  }
}

/* Fraction of the rectangle covered by data (drawn into an A8 mask). */
static double coverage(cairo_surface_t *mask, double ox, double oy, double x, double y,
                       double w, double h) {
  int stride = cairo_image_surface_get_stride(mask);
  int mw = cairo_image_surface_get_width(mask), mh = cairo_image_surface_get_height(mask);
  const unsigned char *px = cairo_image_surface_get_data(mask);
  int xa = (int)floor(x - ox), ya = (int)floor(y - oy);
  int xb = (int)ceil(x + w - ox), yb = (int)ceil(y + h - oy);
  long hit = 0, all = 0;
  for (int j = ya; j < yb; j++)
    for (int i = xa; i < xb; i++) {
      all++;
      if (i >= 0 && j >= 0 && i < mw && j < mh && px[(size_t)j * (size_t)stride + (size_t)i])
        hit++;
    }
  return all ? (double)hit / (double)all : 1.0;
}

/* Chooses the inside place of the legend covering least data; returns its
 * coverage and sets (*lx, *ly). */
double chart_legend_place(const chart_frame *f, const chart_panel *p, double lw, double lh,
                          double *lx, double *ly) {
  int mw = (int)ceil(f->x1 - f->x0) + 1, mh = (int)ceil(f->y1 - f->y0) + 1;
  cairo_surface_t *mask = cairo_image_surface_create(CAIRO_FORMAT_A8, mw, mh);
  cairo_t *cr = cairo_create(mask);
  cairo_translate(cr, -f->x0, -f->y0);
  cairo_set_source_rgba(cr, 0, 0, 0, 1);
  chart_draw_data(cr, f, p, 1);
  cairo_destroy(cr);
  cairo_surface_flush(mask);
  double m = 6.0; /* inset from the axes */
  double xs[3] = {f->x0 + m, (f->x0 + f->x1 - lw) / 2, f->x1 - m - lw};
  double ys[2] = {f->y0 + m, f->y1 - m - lh};
  /* preference order on ties: top right, top left, bottom right, bottom left, centres */
  static const int order[6][2] = {{2, 0}, {0, 0}, {2, 1}, {0, 1}, {1, 0}, {1, 1}};
  double best = 2.0;
  if (cairo_surface_status(mask) == CAIRO_STATUS_SUCCESS)
    for (int k = 0; k < 6; k++) {
      double x = xs[order[k][0]], y = ys[order[k][1]];
      double c = coverage(mask, f->x0, f->y0, x, y, lw, lh);
      if (c < best - 1e-9) {
        best = c;
        *lx = x;
        *ly = y;
      }
    }
  cairo_surface_destroy(mask);
  return best;
}
