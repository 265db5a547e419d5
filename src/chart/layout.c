/* layout.c - lays out and draws a whole chart: title, panel grid, axes, legend.
 *
 * Figure, top to bottom: title (bold; shrunk a little, or set on two lines, to
 * fit the width), subtitle (likewise), a grid of equal panels, a small source
 * line. Each panel: title, y label (rotated), y tick labels, the plot area, x tick
 * labels, x label. Plots of a column share their left edge and plots of a row
 * their top and bottom, unless that would squeeze one of them.
 * Tick counts come from the measured label sizes so that tick labels never
 * overlap: y ticks about 50 pt apart (at least 22), x ticks with at least 10 pt
 * of white between labels; category names that do not fit side by side are drawn
 * at 45 degrees (cut to 100 pt with an ellipsis), thinned if they still crowd.
 * Ranges: y widened out to whole tick steps (bars always include 0), x kept to the
 * data (charts with points get 3 % of slack, categories run -0.5 .. n-0.5). A panel
 * without data draws its axes and "no data".
 * Legend: inside the plot where it covers no data (see draw.c), else outside to
 * the right, or above the plot when the panel is too narrow for that.
 */
#include "chart/chart_int.h"

#include "core/i18n_int.h"

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAD 12.0      /* figure margin */
#define TICKLEN 3.5   /* tick mark length */
#define GAP_X 24.0    /* between panel columns */
#define GAP_Y 18.0    /* between panel rows */
#define Y_TICK_SEP 22.0 /* least distance between y ticks */
#define CAT_MAXW 100.0  /* longest rotated category label; longer ones are cut */

enum { LEG_INSIDE, LEG_RIGHT, LEG_TOP };

typedef struct range {
  double xlo, xhi, ylo, yhi; /* finite data extent */
  int nx, ny;                /* whether any x / y was seen */
  int bars, points, lines;   /* kinds present */
} range;

static void addx(range *r, double x) {
  if (!isfinite(x)) return;
  if (!r->nx || x < r->xlo) r->xlo = x;
  if (!r->nx || x > r->xhi) r->xhi = x;
  r->nx = 1;
}

static void addy(range *r, double y) {
  if (!r->ny || y < r->ylo) r->ylo = y;
  if (!r->ny || y > r->yhi) r->yhi = y;
  r->ny = 1;
}

static range data_range(const chart_panel *p) {
  range r;
  memset(&r, 0, sizeof r);
  chart_frame f;
  memset(&f, 0, sizeof f);
  f.ylog = p->ylog;
  for (size_t k = 0; k < p->ns; k++) {
    const chart_series *s = &p->s[k];
    if (s->kind == CK_HLINE && chart_yok(&f, s->v)) addy(&r, s->v);
    if (s->kind == CK_VLINE) addx(&r, s->v);
    for (size_t i = 0; i < s->n; i++) {
      if (!isfinite(s->x[i])) continue;
      if (s->kind == CK_BARS) {
        double b = s->b ? s->b[i] : 0.0;
        if (!chart_yok(&f, s->a[i]) || !isfinite(b)) continue;
        addx(&r, s->x[i] - s->size / 2);
        addx(&r, s->x[i] + s->size / 2);
        addy(&r, s->a[i]);
        if (chart_yok(&f, b)) addy(&r, b);
        r.bars = 1;
      } else if (s->kind == CK_BAND) {
        if (!chart_yok(&f, s->a[i]) || !chart_yok(&f, s->b[i])) continue;
        addx(&r, s->x[i]);
        addy(&r, s->a[i]);
        addy(&r, s->b[i]);
        r.lines = 1;
      } else if (s->kind == CK_LINE || s->kind == CK_POINTS || s->kind == CK_MARK) {
        if (!chart_yok(&f, s->a[i])) continue;
        addx(&r, s->x[i]);
        addy(&r, s->a[i]);
        if (s->kind == CK_POINTS) r.points = 1;
        else if (s->kind == CK_LINE) r.lines = 1; /* a marker only widens the range */
      }
    }
  }
  return r;
}

/* Widest tick label of an axis in the current font. */
static double widest(cairo_t *cr, const chart_axis *ax) {
  double w = 0;
  for (int i = 0; i < ax->n; i++) w = fmax(w, chart_text_w(cr, ax->label[i]));
  return w;
}

/* Whether neighbouring labels of ax keep 10 pt of white at this width. */
static int x_fits(cairo_t *cr, const chart_axis *ax, double lo, double hi, double width) {
  if (ax->n < 2) return 1;
  return ax->step * width / (hi - lo) >= widest(cr, ax) + 10.0;
}

void chart_fit_x(cairo_t *cr, chart_axis *ax, double lo, double hi, double width, int years) {
  chart_font(cr, FS_TICK, 0);
  for (int m = (int)(width / 28.0); m >= 2; m--) {
    chart_axis_linear(ax, lo, hi, m, 0, years);
    if (years && ax->n < 2) chart_axis_linear(ax, lo, hi, m, 0, 0);
    if (x_fits(cr, ax, lo, hi, width)) return;
  }
  chart_axis_linear(ax, lo, hi, 2, 0, years);
  if (years && ax->n < 1) chart_axis_linear(ax, lo, hi, 2, 0, 0);
  if (!x_fits(cr, ax, lo, hi, width)) { /* too narrow for two labels: keep the middle one */
    int k = ax->n / 2;
    ax->tick[0] = ax->tick[k];
    memcpy(ax->label[0], ax->label[k], CHART_TICKLEN);
    ax->n = 1;
  }
}

/* Chooses y ticks for a plot height: about one per 50 pt, more (down to 22 pt
 * apart) when that gives under four ticks (three below 120 pt) or when widening
 * the range out to the ticks would leave more than 20 % of the axis empty; if no
 * count satisfies both, the least empty axis (then the most ticks). */
static void fit_y(chart_axis *ax, const chart_panel *p, double lo, double hi, double height) {
  int m = (int)(height / 50.0 + 1), mmax = (int)(height / Y_TICK_SEP + 1);
  chart_axis best;
  double bestw = 2.0;
  int nmin = height < 120 ? 3 : 4;
  best.n = 0;
  if (mmax < m) mmax = m;
  for (; m <= mmax; m++) {
    double waste = 0;
    if (p->ylog) {
      chart_axis_log(ax, lo, hi, m, !p->yfixed);
      waste = 1 - log10(hi / lo) / log10(ax->hi / ax->lo);
    } else {
      chart_axis_linear(ax, lo, hi, m, !p->yfixed, 0);
      waste = 1 - (hi - lo) / (ax->hi - ax->lo);
    }
    if (p->yfixed) waste = 0;
    if (ax->n >= nmin && waste <= 0.2) return;
    if (ax->n >= 2 && (waste < bestw - 1e-9 || (waste < bestw + 1e-9 && ax->n > best.n))) {
      best = *ax;
      bestw = waste;
    }
  }
  if (bestw <= 1.0) *ax = best;
}

typedef struct panel_geom {
  double cx0, cy0, cx1, cy1; /* the panel's cell */
  double top;                /* top of what is below the panel title */
  double xlo, xhi, ylo, yhi; /* ranges before ticks */
  int nodata;                /* no finite data at all */
  chart_frame f;   /* plot area and axes */
  int legmode;     /* LEG_* */
  double lx, ly;   /* legend top-left (inside or right) */
  double lw, lh;   /* legend box size */
  int rotate;      /* category labels at 45 degrees */
  int catstep;     /* label every catstep-th category */
  double tickh;    /* height of the x tick labels below the plot */
} panel_geom;

/* Plot edges shared by the panels of a row (y0, y1) or column (x0). */
typedef struct align {
  double x0; /* least left edge */
  double y0; /* least top edge */
  double y1; /* greatest bottom edge */
} align;

/* Lays out panel p in g's cell (prepare_panel filled the cell, top and ranges);
 * al (or NULL) pushes the plot edges in to line up with the other panels. */
static void layout_panel(cairo_t *cr, const chart_panel *p, panel_geom *g, const align *al) {
  double cx0 = g->cx0, top = g->top, cx1 = g->cx1, cy1 = g->cy1;
  double xlo = g->xlo, xhi = g->xhi, ylo = g->ylo, yhi = g->yhi;
  int nleg = chart_legend_size(cr, p, &g->lw, &g->lh);
  double cellw = cx1 - cx0;
  /* category labels: side by side if they fit, else rotated, thinned if crowded */
  double catw = 0;
  chart_font(cr, FS_TICK, 0);
  for (size_t i = 0; i < p->ncats; i++) catw = fmax(catw, chart_text_w(cr, p->cats[i]));
  g->rotate = 0;
  g->catstep = 1;
  double estw = cellw * 0.8;
  if (p->ncats && (double)p->ncats * (catw + 8.0) > estw) {
    g->rotate = 1;
    catw = fmin(catw, CAT_MAXW);
    double per = estw / (double)p->ncats;
    if (per < FS_TICK + 3) g->catstep = (int)ceil((FS_TICK + 3) / per);
  }
  double tickh = TICKLEN + 4 + FS_TICK + 2;
  if (g->rotate) tickh = TICKLEN + 4 + catw * 0.71 + FS_TICK * 0.71;
  double bottom = cy1 - tickh - (p->xlabel && *p->xlabel ? FS_LABEL + 6 : 0);
  g->tickh = tickh;
  for (int mode = LEG_INSIDE;; mode = cellw > 3.2 * g->lw ? LEG_RIGHT : LEG_TOP) {
    chart_frame *f = &g->f;
    memset(f, 0, sizeof *f);
    f->ylog = p->ylog;
    g->legmode = mode;
    double ftop = top, right = cx1;
    if (nleg && mode == LEG_TOP) ftop += chart_legend_rows(cr, p, cellw) * LEG_ROW + 4;
    if (nleg && mode == LEG_RIGHT) right -= g->lw + 6;
    f->y0 = ftop + FS_TICK * 0.5;
    f->y1 = bottom;
    if (al) {
      f->y0 = fmax(f->y0, al->y0);
      f->y1 = fmin(f->y1, al->y1);
    }
    if (f->y1 - f->y0 < 20) f->y1 = f->y0 + 20;
    fit_y(&f->ya, p, ylo, yhi, f->y1 - f->y0);
    chart_font(cr, FS_TICK, 0);
    double wy = widest(cr, &f->ya);
    f->x0 = cx0 + (p->ylabel && *p->ylabel ? FS_LABEL + 8 : 0) + wy + TICKLEN + 4;
    f->x1 = right - 10;
    if (g->rotate) { /* the first rotated labels reach left of their ticks */
      double per = (f->x1 - f->x0) / (double)p->ncats, need = 0;
      char buf[256];
      for (size_t i = 0; i < p->ncats && i < 8; i += (size_t)g->catstep) {
        double w = chart_text_w(cr, chart_cut_label(cr, p->cats[i], CAT_MAXW, buf, sizeof buf));
        need = fmax(need, w * 0.71 + 2 - ((double)i + 0.5) * per);
      }
      f->x0 = fmax(f->x0, cx0 + need);
    }
    if (al) f->x0 = fmax(f->x0, al->x0);
    if (f->x1 - f->x0 < 20) f->x1 = f->x0 + 20;
    if (p->ncats) {
      memset(&f->xa, 0, sizeof f->xa);
      f->xa.lo = xlo;
      f->xa.hi = xhi;
    } else
      chart_fit_x(cr, &f->xa, xlo, xhi, f->x1 - f->x0, p->xyears);
    f->xa.lo = xlo; /* x is never widened to ticks */
    f->xa.hi = xhi;
    if (!nleg || mode != LEG_INSIDE) break;
    if (chart_legend_place(f, p, g->lw, g->lh, &g->lx, &g->ly) <= 0.002) break;
  }
  if (nleg && g->legmode == LEG_RIGHT) {
    g->lx = g->f.x1 + 12;
    g->ly = g->f.y0;
  }
  if (!nleg) g->legmode = -1;
}

static void draw_axes(cairo_t *cr, const chart_panel *p, const panel_geom *g, double cx0,
                      double cy1) {
  const chart_frame *f = &g->f;
  chart_font(cr, FS_TICK, 0);
  cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
  cairo_set_line_width(cr, 0.8);
  cairo_move_to(cr, f->x0, f->y0);
  cairo_line_to(cr, f->x0, f->y1);
  cairo_line_to(cr, f->x1, f->y1);
  cairo_stroke(cr);
  cairo_set_line_width(cr, 0.6);
  for (int i = 0; i < f->ya.n; i++) {
    double y = chart_mapy(f, f->ya.tick[i]);
    if (y < f->y0 - 0.5 || y > f->y1 + 0.5) continue;
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    cairo_move_to(cr, f->x0 - TICKLEN, y);
    cairo_line_to(cr, f->x0, y);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    chart_text_at(cr, f->x0 - TICKLEN - 3, y, f->ya.label[i], 1.0, 0.5, FS_TICK);
  }
  double ty = f->y1 + TICKLEN + 4;
  if (p->ncats) {
    for (size_t i = 0; i < p->ncats; i += (size_t)g->catstep) {
      double x = chart_mapx(f, (double)i);
      if (x < f->x0 - 0.5 || x > f->x1 + 0.5) continue;
      cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
      cairo_move_to(cr, x, f->y1);
      cairo_line_to(cr, x, f->y1 + TICKLEN);
      cairo_stroke(cr);
      cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
      if (!g->rotate) {
        chart_text_at(cr, x, ty, p->cats[i], 0.5, 0.0, FS_TICK);
        continue;
      }
      char buf[256];
      cairo_save(cr);
      cairo_translate(cr, x + 2, ty - 2);
      cairo_rotate(cr, -CHART_PI / 4);
      chart_text_at(cr, 0, 0, chart_cut_label(cr, p->cats[i], CAT_MAXW, buf, sizeof buf), 1.0, 0.0,
                    FS_TICK);
      cairo_restore(cr);
    }
  } else {
    for (int i = 0; i < f->xa.n; i++) {
      double x = chart_mapx(f, f->xa.tick[i]);
      if (x < f->x0 - 0.5 || x > f->x1 + 0.5) continue;
      cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
      cairo_move_to(cr, x, f->y1);
      cairo_line_to(cr, x, f->y1 + TICKLEN);
      cairo_stroke(cr);
      cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
      chart_text_at(cr, x, ty, f->xa.label[i], 0.5, 0.0, FS_TICK);
    }
  }
  chart_font(cr, FS_LABEL, 0);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  char title[320];
  if (p->xlabel && *p->xlabel)
    chart_text_at(cr, (f->x0 + f->x1) / 2, fmin(cy1 - 2.5, f->y1 + g->tickh + FS_LABEL + 1),
                  p->ncats ? p->xlabel : chart_axis_title(&f->xa, p->xlabel, title, sizeof title),
                  0.5, 1.0, FS_LABEL);
  if (p->ylabel && *p->ylabel) {
    cairo_save(cr);
    cairo_translate(cr, cx0 + FS_LABEL * 0.8, (f->y0 + f->y1) / 2);
    cairo_rotate(cr, -CHART_PI / 2);
    chart_text_at(cr, 0, 0, chart_axis_title(&f->ya, p->ylabel, title, sizeof title), 0.5, 1.0,
                  FS_LABEL);
    cairo_restore(cr);
  }
}

static void draw_grid(cairo_t *cr, const chart_panel *p, const chart_frame *f) {
  cairo_set_line_width(cr, 0.5);
  cairo_set_source_rgb(cr, 0.87, 0.87, 0.87);
  for (int i = 0; i < f->ya.n; i++) {
    double y = chart_mapy(f, f->ya.tick[i]);
    if (y < f->y0 - 0.5 || y > f->y1 - 0.5) continue;
    cairo_move_to(cr, f->x0, y);
    cairo_line_to(cr, f->x1, y);
  }
  cairo_stroke(cr);
  if (p->ncats) return;
  cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
  for (int i = 0; i < f->xa.n; i++) {
    double x = chart_mapx(f, f->xa.tick[i]);
    if (x < f->x0 + 0.5 || x > f->x1 + 0.5) continue;
    cairo_move_to(cr, x, f->y0);
    cairo_line_to(cr, x, f->y1);
  }
  cairo_stroke(cr);
  if (!f->ylog && f->ya.lo < 0 && f->ya.hi > 0) { /* the zero line, a little darker */
    double y = chart_mapy(f, 0.0);
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr, 0.7);
    cairo_move_to(cr, f->x0, y);
    cairo_line_to(cr, f->x1, y);
    cairo_stroke(cr);
  }
}

/* Sets g's cell, data ranges and the top below the panel title. */
static void prepare_panel(const chart_panel *p, double cx0, double cy0, double cx1, double cy1,
                          panel_geom *g) {
  range r = data_range(p);
  double xlo = 0, xhi = 1, ylo = p->ylog ? 1 : 0, yhi = p->ylog ? 10 : 1;
  if (p->xfixed) {
    xlo = p->xlo;
    xhi = p->xhi;
  } else if (p->ncats) {
    xlo = -0.5;
    xhi = (double)p->ncats - 0.5;
    if (r.nx) {
      xlo = fmin(xlo, r.xlo);
      xhi = fmax(xhi, r.xhi);
    }
  } else if (r.nx) {
    xlo = r.xlo;
    xhi = r.xhi;
    if (r.points && !r.bars) {
      double d = 0.03 * (xhi - xlo);
      xlo -= d;
      xhi += d;
    }
  }
  chart_fix_range(&xlo, &xhi, 0);
  if (p->yfixed) {
    ylo = p->ylo;
    yhi = p->yhi;
  } else if (r.ny) {
    ylo = r.ylo;
    yhi = r.yhi;
    if (r.bars && !p->ylog) {
      ylo = fmin(ylo, 0.0);
      yhi = fmax(yhi, 0.0);
    }
  }
  chart_fix_range(&ylo, &yhi, p->ylog);
  g->cx0 = cx0;
  g->cy0 = cy0;
  g->cx1 = cx1;
  g->cy1 = cy1;
  g->xlo = xlo;
  g->xhi = xhi;
  g->ylo = ylo;
  g->yhi = yhi;
  g->nodata = !r.nx && !r.ny;
  g->top = cy0 + (p->title && *p->title ? FS_PANEL + 6 : 0);
}

/* Draws panel p as laid out in g. */
static void paint_panel(cairo_t *cr, const chart_panel *p, const panel_geom *g) {
  if (p->title && *p->title) {
    chart_font(cr, FS_PANEL, 1);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    chart_text_at(cr, g->cx0, g->cy0, p->title, 0.0, 0.0, FS_PANEL);
  }
  draw_grid(cr, p, &g->f);
  chart_draw_data(cr, &g->f, p, 0);
  if (g->nodata) {
    chart_font(cr, FS_LABEL, 0);
    cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
    chart_text_at(cr, (g->f.x0 + g->f.x1) / 2, (g->f.y0 + g->f.y1) / 2, _("no data"), 0.5, 0.5,
                  FS_LABEL);
  }
  chart_draw_ref_labels(cr, &g->f, p);
  draw_axes(cr, p, g, g->cx0, g->cy1);
  if (g->legmode == LEG_INSIDE || g->legmode == LEG_RIGHT)
    chart_legend_box(cr, p, g->lx, g->ly, g->lw, g->lh, g->legmode == LEG_INSIDE);
  else if (g->legmode == LEG_TOP)
    /* the width the rows were counted for (layout_panel), else a long label
     * wraps to a row the plot does not leave room for */
    chart_legend_row(cr, p, g->cx0, g->top, g->cx1 - g->cx0);
}

/* Draws one line of s at (x, y) shrunk (down to FS_MIN) to fit w, then cut with an
 * ellipsis; returns the size. */
static double shrunk_text(cairo_t *cr, double x, double y, const char *s, double size,
                          int bold, double w) {
  chart_font(cr, size, bold);
  while (size > FS_MIN && chart_text_w(cr, s) > w) {
    size = fmax(size * 0.95, FS_MIN);
    chart_font(cr, size, bold);
  }
  char cut[512];
  chart_text_at(cr, x, y, chart_cut_label(cr, s, w, cut, sizeof cut), 0.0, 0.0, size);
  return size;
}

/* Draws s from (x, y) within width w: on one line when it fits at up to 15 %
 * below size; else on two lines broken at the space that balances them best
 * (shrunk, down to FS_MIN, until both fit). Returns the height used. */
static double title_text(cairo_t *cr, double x, double y, const char *s, double size,
                         int bold, double w) {
  char a[512], b[512];
  size_t len = strlen(s);
  chart_font(cr, size * 0.85, bold);
  if (chart_text_w(cr, s) <= w || len >= sizeof a) return shrunk_text(cr, x, y, s, size, bold, w);
  for (double sz = size;; sz = fmax(sz * 0.95, FS_MIN)) {
    chart_font(cr, sz, bold);
    size_t best = 0;
    double bestw = 1e300;
    for (size_t i = 1; i + 1 < len; i++) {
      if (s[i] != ' ') continue;
      memcpy(a, s, i);
      a[i] = '\0';
      double m = fmax(chart_text_w(cr, a), chart_text_w(cr, s + i + 1));
      if (m < bestw) {
        bestw = m;
        best = i;
      }
    }
    if (!best) return shrunk_text(cr, x, y, s, size, bold, w); /* one long word */
    if (bestw <= w || sz <= FS_MIN) {
      memcpy(a, s, best);
      a[best] = '\0';
      snprintf(b, sizeof b, "%s", s + best + 1);
      chart_text_at(cr, x, y, a, 0.0, 0.0, sz);
      chart_text_at(cr, x, y + 1.3 * sz, b, 0.0, 0.0, sz);
      return 2.3 * sz;
    }
  }
}

void chart_render(const soso_chart *chart, cairo_t *cr) {
  cairo_save(cr);
  /* Wider than CHART_LAYOUT_W: lay out at that width and scale up (chart_int.h). */
  soso_chart scaled = *chart;
  const soso_chart *c = chart;
  if (chart->w > CHART_LAYOUT_W) {
    double k = chart->w / CHART_LAYOUT_W;
    scaled.w = CHART_LAYOUT_W;
    scaled.h = chart->h / k;
    cairo_scale(cr, k, k);
    c = &scaled;
  }
  double y = PAD, w = c->w - 2 * PAD;
  if (c->title && *c->title) {
    cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
    y += title_text(cr, PAD, y, c->title, FS_TITLE, 1, w) + 7;
  }
  if (c->subtitle && *c->subtitle) {
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    y += title_text(cr, PAD, y, c->subtitle, FS_SUBTITLE, 0, w) + 5;
  }
  if (y > PAD) y += 8;
  double bottom = c->h - PAD;
  if (c->source && *c->source) {
    cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
    chart_font(cr, FS_NOTE, 0);
    double sz = FS_NOTE;
    char cut[512];
    chart_text_at(cr, PAD, c->h - PAD + 3, chart_cut_label(cr, c->source, w, cut, sizeof cut),
                  0.0, 1.0, sz);
    bottom -= FS_NOTE + 8;
  }
  double cw = (w - (c->cols - 1) * GAP_X) / c->cols;
  double ch = (bottom - y - (c->rows - 1) * GAP_Y) / c->rows;
  int n = c->rows * c->cols;
  panel_geom one, *gs = n > 1 ? malloc((size_t)n * sizeof *gs) : NULL;
  for (int i = 0; i < n; i++) {
    int row = i / c->cols, col = i % c->cols;
    double cx0 = PAD + col * (cw + GAP_X), cy0 = y + row * (ch + GAP_Y);
    panel_geom *g = gs ? &gs[i] : &one;
    prepare_panel(&c->panels[i], cx0, cy0, cx0 + cw, cy0 + ch, g);
    layout_panel(cr, &c->panels[i], g, NULL);
    if (!gs) paint_panel(cr, &c->panels[i], g); /* one panel, or no memory to align */
  }
  if (gs) {
    /* Second pass: plots of a column share their left edge, plots of a row their
     * top and bottom, so that panels read as one figure. */
    for (int i = 0; i < n; i++) {
      int row = i / c->cols, col = i % c->cols;
      align al = {0, 0, 1e30};
      for (int k = 0; k < c->rows; k++) al.x0 = fmax(al.x0, gs[k * c->cols + col].f.x0);
      for (int k = 0; k < c->cols; k++) {
        al.y0 = fmax(al.y0, gs[row * c->cols + k].f.y0);
        al.y1 = fmin(al.y1, gs[row * c->cols + k].f.y1);
      }
      /* but not at the cost of squeezing a panel: an outlier (rotated category
       * names, a legend above) keeps its own edges */
      one = gs[i];
      if (al.x0 - one.f.x0 > 0.15 * cw) al.x0 = one.f.x0;
      if (al.y0 - one.f.y0 > 0.12 * ch) al.y0 = one.f.y0;
      if (one.f.y1 - al.y1 > 0.12 * ch) al.y1 = one.f.y1;
      layout_panel(cr, &c->panels[i], &one, &al);
      paint_panel(cr, &c->panels[i], &one);
    }
    free(gs);
  }
  cairo_restore(cr);
}
