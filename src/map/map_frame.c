/* map_frame.c - the furniture of every map: the page and its text sizes, the
 * extent, titles, legend entries, the scale bar and the locator inset.
 *
 * The scale bar measures projected EPSG:3035 kilometres. LAEA is equal-area, not
 * conformal: on the sphere its scale is cos(c/2) along and 1/cos(c/2) across the
 * radius from the centre (52 N, 10 E) at angular distance c, so the bar is within
 * 0.7 % within 1,500 km of the centre and within 2 % within 2,500 km (Snyder 1987,
 * "Map projections - a working manual", USGS PP 1395, Lambert azimuthal equal-area);
 * at district scale a circle of R km is drawn as R km in projected metres.
 */
#include "map_int.h"

#include "chart/chart_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void map_font(cairo_t *cr, double size, int bold) { chart_font(cr, size, bold); }

void map_show_fitted(cairo_t *cr, double x, double y, const char *s, double size,
                     double min_size, double maxw) {
  char buf[512];
  for (;; size -= 0.5) {
    cairo_set_font_size(cr, size);
    if (chart_text_w(cr, s) <= maxw || size <= min_size) break;
  }
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, chart_cut_label(cr, s, maxw, buf, sizeof buf));
}

void map_begin(cairo_t *cr, double width, double height, double *lh) {
  double k = width / MAP_LAYOUT_W;
  cairo_scale(cr, k, k);
  *lh = height / k;
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
}

void map_draw_titles(cairo_t *cr, double x, double w, const char *title, const char *subtitle) {
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  map_font(cr, MAP_FS_TITLE, 1);
  map_show_fitted(cr, x, 28, title, MAP_FS_TITLE, 11, w);
  if (subtitle && *subtitle) {
    map_font(cr, MAP_FS_SUBTITLE, 0);
    map_show_fitted(cr, x, 45, subtitle, MAP_FS_SUBTITLE, MAP_FS_MIN, w);
  }
}

void map_clip_frame(cairo_t *cr, const map_view *v) {
  cairo_save(cr);
  cairo_new_path(cr);
  cairo_rectangle(cr, v->fx0, v->fy0, v->fx1 - v->fx0, v->fy1 - v->fy0);
  cairo_clip(cr);
}

void map_draw_frame(cairo_t *cr, const map_view *v) {
  cairo_new_path(cr);
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  cairo_set_line_width(cr, 1);
  cairo_rectangle(cr, v->fx0, v->fy0, v->fx1 - v->fx0, v->fy1 - v->fy0);
  cairo_stroke(cr);
}

void map_fit(map_view *v, const double *x, const double *y, size_t n, const map_fit_opts *o) {
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (size_t i = 0; i < n; i++) {
    x0 = fmin(x0, x[i]);
    x1 = fmax(x1, x[i]);
    y0 = fmin(y0, y[i]);
    y1 = fmax(y1, y[i]);
  }
  if (n == 0 && o->clamp) {
    x0 = o->clamp[0], y0 = o->clamp[1], x1 = o->clamp[2], y1 = o->clamp[3];
  } else if (n == 0) {
    x0 = y0 = -500, x1 = y1 = 500;
  }
  double dx = fmax(x1 - x0, o->min_span_m), dy = fmax(y1 - y0, o->min_span_m);
  double fw = v->fx1 - v->fx0, fh = v->fy1 - v->fy0;
  double s = o->min_width_m > 0 ? fw / o->min_width_m : HUGE_VAL;
  for (size_t k = 0; k < o->n_margins; k++) {
    const map_margin *m = &o->margins[k];
    s = fmin(s, (fw - 2 * m->pt_x) / (dx * (1 + 2 * m->rel) + 2 * m->m));
    s = fmin(s, (fh - 2 * m->pt_y) / (dy * (1 + 2 * m->rel) + 2 * m->m));
  }
  s *= o->air > 0 ? o->air : 1.0;
  double cx = 0.5 * (x0 + x1), cy = 0.5 * (y0 + y1), w = fw / s, h = fh / s;
  if (o->clamp) { /* where the extent fits in clamp, keep it inside */
    const double *b = o->clamp;
    if (w < b[2] - b[0]) cx = fmin(fmax(cx, b[0] + w / 2), b[2] - w / 2);
    if (h < b[3] - b[1]) cy = fmin(fmax(cy, b[1] + h / 2), b[3] - h / 2);
  }
  v->ex0 = cx - w / 2;
  v->ex1 = cx + w / 2;
  v->ey0 = cy - h / 2;
  v->ey1 = cy + h / 2;
  v->s = s;
}

void map_draw_scalebar(cairo_t *cr, placer *pl, const map_view *v, int right, int reserve) {
  /* 1, 2 or 5 x 10^k km, the longest within a fifth of the frame */
  double want = (v->ex1 - v->ex0) / 1000.0 / 5.0, step = pow(10, floor(log10(want)));
  double km = want >= 5 * step ? 5 * step : want >= 2 * step ? 2 * step : step;
  double wpt = km * 1000 * v->s;
  char buf[32];
  snprintf(buf, sizeof buf, "%g km", km);
  map_font(cr, MAP_FS_NOTE, 0);
  double tw = chart_text_w(cr, buf);
  double x = right ? v->fx1 - wpt - 0.5 * tw - 10 : v->fx0 + 12, y = v->fy1 - 12;
  double bx0 = x - 5, by0 = y - 18, bx1 = x + wpt + 0.5 * tw + 4, by1 = y + 7;
  if (reserve) {
    map_take(pl, bx0, by0, bx1, by1);
    return;
  }
  cairo_new_path(cr);
  cairo_rectangle(cr, bx0, by0, bx1 - bx0, by1 - by0);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.75);
  cairo_fill(cr);
  for (int i = 0; i < 2; i++) { /* two halves, black and white */
    cairo_rectangle(cr, x + i * wpt / 2, y, wpt / 2, 4);
    if (i == 0) cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    else cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
  }
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  chart_text_at(cr, x, y - 3, "0", 0.5, 1, MAP_FS_NOTE);
  chart_text_at(cr, x + wpt, y - 3, buf, 0.5, 1, MAP_FS_NOTE);
}

void map_draw_locator(cairo_t *cr, placer *pl, const map_view *v, const layer *land,
                      size_t nsym) {
  const double iw = 120, ih = 100, m = 6;
  double best = HUGE_VAL, ix = v->fx0 + m, iy = v->fy0 + m;
  for (int c = 0; c < 4; c++) {
    double x = c % 2 ? v->fx1 - m - iw : v->fx0 + m, y = c / 2 ? v->fy1 - m - ih - 22 : v->fy0 + m;
    double b[4] = {x, y, x + iw, y + ih}, cost = 0;
    for (size_t j = 0; j < nsym && j < pl->n; j++) {
      const double *o = pl->box + 4 * j;
      double w = fmin(b[2], o[2]) - fmax(b[0], o[0]), h = fmin(b[3], o[3]) - fmax(b[1], o[1]);
      cost += w > 0 && h > 0 ? w * h : 0.0;
    }
    if (cost < best - 1e-9) best = cost, ix = x, iy = y;
  }
  double cxm = 0.5 * (v->ex0 + v->ex1), cym = 0.5 * (v->ey0 + v->ey1), half = 500e3;
  map_view in = {cxm - half, cym - half * ih / iw, cxm + half, cym + half * ih / iw,
                 ix, iy, ix + iw, iy + ih, iw / (2 * half)};
  cairo_save(cr);
  cairo_new_path(cr);
  cairo_rectangle(cr, ix, iy, iw, ih);
  cairo_set_source_rgb(cr, 0.86, 0.92, 0.97);
  cairo_fill_preserve(cr);
  cairo_clip(cr);
  if (land) map_draw_land(cr, &in, land, (soso_rgb){0.95, 0.94, 0.90}, 0.8);
  cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
  cairo_set_line_width(cr, 1.2);
  double x0 = map_px(&in, v->ex0), y0 = map_py(&in, v->ey1);
  cairo_rectangle(cr, x0, y0, fmax(map_px(&in, v->ex1) - x0, 3), fmax(map_py(&in, v->ey0) - y0, 3));
  cairo_stroke(cr);
  cairo_restore(cr);
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, ix, iy, iw, ih);
  cairo_stroke(cr);
  map_take(pl, ix - 2, iy - 2, ix + iw + 2, iy + ih + 2);
}

void map_draw_symbol(cairo_t *cr, map_sym sym, double x, double y, double r, soso_rgb c,
                     double edge) {
  if (!(edge > 0)) edge = 0.4;
  cairo_new_path(cr);
  switch (sym) {
  case MAP_SYM_NONE: return;
  case MAP_SYM_DISC:
  case MAP_SYM_RING:
    cairo_arc(cr, x, y, r, 0, 2 * CHART_PI);
    if (sym == MAP_SYM_DISC) {
      cairo_set_source_rgba(cr, c.r, c.g, c.b, 0.85);
      cairo_fill_preserve(cr);
      cairo_set_source_rgba(cr, 0.15, 0.15, 0.15, 0.9);
      cairo_set_line_width(cr, edge);
    } else {
      cairo_set_source_rgb(cr, c.r, c.g, c.b);
      cairo_set_line_width(cr, 2 * edge);
    }
    cairo_stroke(cr);
    return;
  case MAP_SYM_TRIANGLE: /* r: half the base; a thin white edge shows it on a disc */
    cairo_move_to(cr, x, y - 7 * r / 6);
    cairo_line_to(cr, x + r, y + 0.75 * r);
    cairo_line_to(cr, x - r, y + 0.75 * r);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, edge);
    cairo_stroke(cr);
    return;
  case MAP_SYM_DASHED_BOX: {
    double dash[] = {3.0, 2.0};
    cairo_rectangle(cr, x - 11, y - 6.5, 22, 13);
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_fill_preserve(cr);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, edge);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    return;
  }
  }
}

/* Width the symbol column of an entry takes. */
static double sym_width(const map_entry *e) {
  return e->sym == MAP_SYM_NONE ? 0 : e->sym == MAP_SYM_DASHED_BOX ? 28 : fmax(2 * e->r, 8) + 6;
}

double map_legend_column(cairo_t *cr, double x, double y, double w, const char *heading,
                         const map_entry *e, size_t n) {
  char buf[256];
  if (heading) {
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    map_font(cr, MAP_FS_HEADING, 1);
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, chart_cut_label(cr, heading, w, buf, sizeof buf));
    y += 6;
  }
  double sw = 0; /* one symbol column for all entries */
  for (size_t i = 0; i < n; i++) sw = fmax(sw, sym_width(&e[i]));
  for (size_t i = 0; i < n; i++) {
    double h = fmax(MAP_FS_LEGEND + 4, e[i].sym == MAP_SYM_DASHED_BOX ? 17 : 2 * e[i].r + 4);
    double cy = y + 0.5 * h;
    if (e[i].sym != MAP_SYM_NONE) map_draw_symbol(cr, e[i].sym, x + 0.5 * sw, cy, e[i].r, e[i].rgb, e[i].edge);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    map_font(cr, MAP_FS_LEGEND, 0);
    double tx = e[i].sym == MAP_SYM_NONE ? x : x + sw + 4;
    cairo_move_to(cr, tx, cy + 0.35 * MAP_FS_LEGEND);
    cairo_show_text(cr, chart_cut_label(cr, e[i].text, x + w - tx, buf, sizeof buf));
    y += h;
  }
  return y + 12;
}

void map_legend_row(cairo_t *cr, double x, double y, const map_entry *e, size_t n) {
  map_font(cr, MAP_FS_LEGEND + 0.5, 0);
  for (size_t i = 0; i < n; i++) {
    if (e[i].sym != MAP_SYM_NONE) {
      map_draw_symbol(cr, e[i].sym, x + e[i].r, y - 4, e[i].r, e[i].rgb, e[i].edge);
      x += 2 * e[i].r + 4;
    }
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, e[i].text);
    x += chart_text_w(cr, e[i].text) + 16;
  }
}
