/* map_frame.c - the furniture of the Europe map: titles, legend, scale bar, source.
 *
 * The scale bar measures projected EPSG:3035 kilometres. LAEA is equal-area, not
 * conformal: on the sphere its scale is cos(c/2) along and 1/cos(c/2) across the
 * radius from the centre (52 N, 10 E) at angular distance c, so the bar is within
 * 0.7 % within 1,500 km of the centre and within 2 % within 2,500 km (Snyder 1987,
 * "Map projections - a working manual", USGS PP 1395, Lambert azimuthal equal-area).
 */
#include "map_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAP_FONT "DejaVu Sans"

void map_font(cairo_t *cr, double size, int bold) {
  cairo_select_font_face(cr, MAP_FONT, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

double map_radius(double ore_mt) {
  if (!isfinite(ore_mt) || ore_mt < 0) return 2.2;
  double r = 1.6 + 2.4 * sqrt(ore_mt);
  return r > 14.0 ? 14.0 : r;
}

void map_text_halo(cairo_t *cr, double x, double y, const char *s) {
  cairo_save(cr);
  cairo_move_to(cr, x, y);
  cairo_text_path(cr, s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, 2.4);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke(cr);
  cairo_restore(cr);
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, s);
}

void map_draw_titles(cairo_t *cr, double width, double height, const char *title,
                     const char *subtitle, const char *source) {
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  double size = 15;
  cairo_text_extents_t te;
  for (;; size -= 0.5) { /* shrink a long title to the page width */
    map_font(cr, size, 1);
    cairo_text_extents(cr, title, &te);
    if (te.x_advance <= width - 36 || size <= 9) break;
  }
  cairo_move_to(cr, 18, 27);
  cairo_show_text(cr, title);
  if (subtitle && *subtitle) {
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    map_font(cr, 9.5, 0);
    cairo_move_to(cr, 18, 44);
    cairo_show_text(cr, subtitle);
  }
  cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
  map_font(cr, 7.5, 0);
  cairo_move_to(cr, 18, height - 12);
  cairo_show_text(cr, source);
  /* The projection at the foot of the legend column, level with the frame's
   * bottom, so a long source line never runs into it. */
  cairo_move_to(cr, width - 176, height - 40);
  cairo_show_text(cr, "Projection: ETRS89-LAEA Europe");
  cairo_move_to(cr, width - 176, height - 30);
  cairo_show_text(cr, "(EPSG:3035), equal-area");
}

static void symbol(cairo_t *cr, double x, double y, double r, soso_rgb c, int hollow) {
  cairo_new_path(cr);
  cairo_arc(cr, x, y, r, 0, 2 * 3.14159265358979323846);
  if (!hollow) {
    cairo_set_source_rgba(cr, c.r, c.g, c.b, 0.85);
    cairo_fill_preserve(cr);
  }
  cairo_set_source_rgba(cr, 0.15, 0.15, 0.15, 0.9);
  cairo_set_line_width(cr, hollow ? 0.8 : 0.4);
  cairo_stroke(cr);
}

static void heading(cairo_t *cr, double x, double y, const char *s) {
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  map_font(cr, 9, 1);
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, s);
}

static void label(cairo_t *cr, double x, double y, const char *s) {
  cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
  map_font(cr, 8, 0);
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, s);
}

void map_draw_legend(cairo_t *cr, const map_legend *lg, double x, double y, double w) {
  char buf[96];
  (void)w;
  if (lg->nclass) {
    heading(cr, x, y, lg->heading ? lg->heading : "Main commodity");
    y += 15;
    for (size_t i = 0; i < lg->nclass; i++) {
      const map_class *c = &lg->cls[i];
      symbol(cr, x + 5, y - 3, 4.0, c->color, 0);
      snprintf(buf, sizeof buf, "%s (%zu)",
               c->label[0]  ? c->label
               : c->code[0] ? soso_commodity_name(c->code)
                            : "other",
               c->count);
      label(cr, x + 15, y, buf);
      y += 13;
    }
    y += 10;
  }
  if (lg->nsize || lg->n_unknown) {
    heading(cr, x, y, "Ore tonnage");
    y += 8;
    soso_rgb grey = {0.75, 0.75, 0.75};
    for (size_t i = 0; i < lg->nsize; i++) {
      double r = map_radius(lg->size_mt[i]);
      y += r + 2;
      symbol(cr, x + 15 - 0, y, r, grey, 0);
      double v = lg->size_mt[i];
      if (v >= 1) snprintf(buf, sizeof buf, "%.0f Mt", v);
      else snprintf(buf, sizeof buf, "%g Mt", v);
      label(cr, x + 34, y + 3, buf);
      y += r + 2;
    }
    if (lg->n_unknown) {
      y += map_radius(NAN) + 3;
      symbol(cr, x + 15, y, map_radius(NAN), grey, 1);
      snprintf(buf, sizeof buf, "not known (%zu)", lg->n_unknown);
      label(cr, x + 34, y + 3, buf);
      y += 6;
    }
    y += 18;
  }
  if (lg->eps_km > 0) {
    heading(cr, x, y, "District");
    y += 8;
    cairo_new_path(cr);
    cairo_rectangle(cr, x + 2, y, 22, 13);
    cairo_set_source_rgb(cr, 0.985, 0.98, 0.965);
    cairo_fill_preserve(cr);
    double dash[] = {3.0, 2.0};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    snprintf(buf, sizeof buf, "%zu outlined (Dn = id)", lg->n_districts);
    label(cr, x + 30, y + 10, buf);
    y += 26;
    snprintf(buf, sizeof buf, "DBSCAN: eps %g km,", lg->eps_km);
    label(cr, x, y, buf);
    snprintf(buf, sizeof buf, "at least %zu deposits per core", lg->min_deposits);
    label(cr, x, y + 11, buf);
  }
}

void map_draw_scalebar(cairo_t *cr, const map_view *v) {
  /* The longest of 1, 2, 2.5, 5 x 10^k km that fits in a fifth of the frame. */
  double want_km = (v->ex1 - v->ex0) / 5.0 / 1000.0;
  double p = pow(10.0, floor(log10(want_km))), len = p;
  const double steps[] = {1.0, 2.0, 2.5, 5.0, 10.0};
  for (size_t i = 0; i < 5; i++)
    if (steps[i] * p <= want_km) len = steps[i] * p;
  double wpt = len * 1000.0 * v->s;
  double x = v->fx0 + 12, y = v->fy1 - 14;
  cairo_new_path(cr);
  cairo_rectangle(cr, x - 6, y - 17, wpt + 30, 26);
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
  map_font(cr, 7.5, 0);
  char buf[32];
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_move_to(cr, x - 2, y - 4);
  cairo_show_text(cr, "0");
  snprintf(buf, sizeof buf, "%g", len / 2);
  cairo_text_extents_t te;
  cairo_text_extents(cr, buf, &te);
  cairo_move_to(cr, x + wpt / 2 - te.x_advance / 2, y - 4);
  cairo_show_text(cr, buf);
  snprintf(buf, sizeof buf, "%g km", len);
  cairo_text_extents(cr, "0", &te);
  cairo_move_to(cr, x + wpt - te.x_advance / 2, y - 4);
  cairo_show_text(cr, buf);
}
