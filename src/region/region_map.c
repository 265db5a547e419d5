/* region_map.c - a map of the district: sites, communities coloured by their
 * cumulative significance, and the constraint radius around each community.
 *
 * Projection: WGS84 (EPSG:4326) to ETRS89 / LAEA Europe (EPSG:3035) with PROJ, in
 * lon/lat order (proj_normalize_for_visualization). LAEA is equal-area and, at
 * district scale, distorts distances by well under 1 %, so the radius is drawn as
 * a circle of R km in projected metres. Boundaries (optional) are read with OGR and
 * clipped to the frame by cairo. The page keeps one scale on both axes, and the
 * extent is padded by the widest label so labels stay inside the frame. Labels are
 * placed greedily (communities first, then sites): each takes the first of eight
 * positions around its symbol that overlaps no symbol or label placed before and
 * stays in the frame, else the least overlapping one. Not optimal, enough for the
 * handful of sites and communities of a district.
 */
#include "region/region_int.h"

#include "soso/chart.h"
#include "soso/error.h"
#include "soso/impacts.h"

#include "soso/datadir.h"

#include <cairo.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *soso_region_default_boundaries(void) {
  static _Thread_local char buf[4096];
  return soso_data_path(buf, sizeof buf, "naturalearth/europe_countries_50m.geojson");
}

static const double k_pi = 3.14159265358979323846;

typedef struct view {
  double ex0, ey0, ex1, ey1; /* extent, projected metres */
  double fx0, fy0, fx1, fy1; /* frame on the page, pt */
  double s;                  /* pt per metre */
} view;

static double px(const view *v, double x) { return v->fx0 + (x - v->ex0) * v->s; }
static double py(const view *v, double y) { return v->fy1 - (y - v->ey0) * v->s; }

static soso_rgb sig_color(int s) {
  static const soso_rgb k[4] = {{0.75, 0.75, 0.75}, /* negligible: grey */
                                {0.94, 0.89, 0.26}, /* minor: yellow */
                                {0.90, 0.62, 0.00}, /* moderate: orange */
                                {0.80, 0.20, 0.10}}; /* major: red */
  return k[s < 0 ? 0 : s > 3 ? 3 : s];
}

/* Highest cumulative significance among the adverse components of community c. */
static int worst(const soso_region_result *res, size_t c) {
  int w = 0;
  for (int v = 0; v < SOSO_VEC_N; v++)
    if (!res->community[c].vec[v].positive && res->community[c].vec[v].significance > w)
      w = res->community[c].vec[v].significance;
  return w;
}

static void ring_path(cairo_t *cr, const view *v, OGRGeometryH g, PJ *P, double *bx, double *by,
                      size_t cap) {
  int ng = OGR_G_GetGeometryCount(g);
  if (ng > 0) {
    for (int i = 0; i < ng; i++) ring_path(cr, v, OGR_G_GetGeometryRef(g, i), P, bx, by, cap);
    return;
  }
  int np = OGR_G_GetPointCount(g);
  if (np < 2 || (size_t)np > cap) return; /* rings longer than the buffer are skipped */
  OGR_G_GetPoints(g, bx, sizeof(double), by, sizeof(double), NULL, 0);
  proj_trans_generic(P, PJ_FWD, bx, sizeof(double), (size_t)np, by, sizeof(double), (size_t)np,
                     NULL, 0, 0, NULL, 0, 0);
  cairo_move_to(cr, px(v, bx[0]), py(v, by[0]));
  for (int i = 1; i < np; i++) cairo_line_to(cr, px(v, bx[i]), py(v, by[i]));
  cairo_close_path(cr);
}

static int boundaries(cairo_t *cr, const view *v, const char *path, PJ *P) {
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (!ds) return soso_error_set(SOSO_EIO, "%s: cannot read boundaries", path);
  OGRLayerH ly = GDALDatasetGetLayerCount(ds) > 0 ? GDALDatasetGetLayer(ds, 0) : NULL;
  size_t cap = 200000;
  double *bx = malloc(2 * cap * sizeof *bx);
  int rc = !ly ? soso_error_set(SOSO_EIO, "%s: no layer", path)
               : !bx ? soso_error_set(SOSO_ENOMEM, "out of memory") : 0;
  if (!rc) {
    OGRFeatureH f;
    OGR_L_ResetReading(ly);
    while ((f = OGR_L_GetNextFeature(ly)) != NULL) {
      OGRGeometryH g = OGR_F_GetGeometryRef(f);
      if (g) {
        cairo_new_path(cr);
        ring_path(cr, v, g, P, bx, bx + cap, cap);
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        cairo_set_source_rgb(cr, 0.95, 0.94, 0.90);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
        cairo_set_line_width(cr, 0.8);
        cairo_stroke(cr);
      }
      OGR_F_Destroy(f);
    }
  }
  free(bx);
  GDALClose(ds);
  return rc;
}

static void label(cairo_t *cr, double x, double y, const char *s, double size) {
  cairo_set_font_size(cr, size);
  cairo_move_to(cr, x, y);
  cairo_text_path(cr, s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, 2.5);
  cairo_stroke(cr);
  cairo_move_to(cr, x, y);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_show_text(cr, s);
}

/* Boxes {x0, y0, x1, y1} (pt) taken by symbols and labels. */
typedef struct boxes {
  double *b;  /* 4 per box */
  size_t n;   /* boxes taken */
  size_t cap; /* room for this many */
} boxes;

static void take(boxes *bx, double x0, double y0, double x1, double y1) {
  if (bx->n == bx->cap) return;
  double *b = bx->b + 4 * bx->n++;
  b[0] = x0;
  b[1] = y0;
  b[2] = x1;
  b[3] = y1;
}

static double overlap(const double *a, const double *b) {
  double w = fmin(a[2], b[2]) - fmax(a[0], b[0]), h = fmin(a[3], b[3]) - fmax(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0.0;
}

/* Labels s (font size) beside a symbol of radius rad at (x, y): the first of eight
 * positions that overlaps nothing taken and stays in the frame, else the one that
 * overlaps least (still in the frame when any is). */
static void place_label(cairo_t *cr, boxes *bx, const view *v, double x, double y, double rad,
                        const char *s, double size) {
  cairo_set_font_size(cr, size);
  cairo_text_extents_t te;
  cairo_text_extents(cr, s, &te);
  double w = te.x_advance, asc = 0.75 * size, g = rad + 3;
  const double cand[8][2] = {{x + g, y + 0.35 * asc},       {x - g - w, y + 0.35 * asc},
                             {x + rad, y - rad - 2},         {x + rad, y + rad + asc + 2},
                             {x - 0.5 * w, y - rad - 3},     {x - 0.5 * w, y + rad + asc + 3},
                             {x - rad - w, y - rad - 2},     {x - rad - w, y + rad + asc + 2}};
  size_t best = 0;
  double best_cost = HUGE_VAL;
  for (size_t c = 0; c < 8 && best_cost > 0; c++) {
    double b[4] = {cand[c][0] - 1.5, cand[c][1] - asc - 1, cand[c][0] + w + 1.5,
                   cand[c][1] + 0.25 * size + 1};
    int out = b[0] < v->fx0 || b[2] > v->fx1 || b[1] < v->fy0 || b[3] > v->fy1;
    double cost = out ? 1e9 : 0; /* outside the frame: only when nothing else is left */
    for (size_t j = 0; j < bx->n; j++) cost += overlap(b, bx->b + 4 * j);
    if (cost < best_cost) {
      best_cost = cost;
      best = c;
    }
  }
  take(bx, cand[best][0] - 1.5, cand[best][1] - asc - 1, cand[best][0] + w + 1.5,
       cand[best][1] + 0.25 * size + 1);
  label(cr, cand[best][0], cand[best][1], s, size);
}

/* Shows s at (x, y) in bold-or-not font size, shrunk down to min_size to fit maxw;
 * cut with "..." if it still does not fit. */
static void show_fitted(cairo_t *cr, double x, double y, const char *s, double size,
                        double min_size, double maxw) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s", s);
  cairo_text_extents_t te;
  for (;; size -= 0.5) {
    cairo_set_font_size(cr, size);
    cairo_text_extents(cr, buf, &te);
    if (te.x_advance <= maxw || size <= min_size) break;
  }
  for (size_t n = strlen(buf); te.x_advance > maxw && n > 4; n--) {
    memcpy(buf + n - 4, "...", 4);
    cairo_text_extents(cr, buf, &te);
  }
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, buf);
}

static void draw(cairo_t *cr, boxes *bx, const soso_region *r, const soso_region_result *res,
                 const view *v, const double *sx, const double *sy, const double *cx,
                 const double *cy, double W, double H) {
  size_t ns = r->n_sites, nc = r->n_communities;
  char buf[256];
  cairo_reset_clip(cr);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  /* Title: the region's name, fitted to the page; the rest in the subtitle. */
  show_fitted(cr, 20, 28, r->name, 15, 11, W - 40);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  snprintf(buf, sizeof buf, "Cumulative significance at each community (colour: highest among "
           "adverse components); %s strategy, %zu paths, seed %llu",
           soso_strategy_name(res->strategy), res->n_paths, (unsigned long long)res->seed);
  show_fitted(cr, 20, 45, buf, 10.5, 8, W - 40);
  cairo_rectangle(cr, v->fx0, v->fy0, v->fx1 - v->fx0, v->fy1 - v->fy0);
  cairo_clip(cr);
  for (size_t c = 0; c < nc; c++) { /* constraint radius */
    cairo_new_path(cr);
    cairo_arc(cr, px(v, cx[c]), py(v, cy[c]), r->radius_km * 1000 * v->s, 0, 2 * k_pi);
    double dash[2] = {4, 3};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_source_rgba(cr, 0.3, 0.3, 0.6, 0.8);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
  }
  for (size_t c = 0; c < nc; c++) { /* communities */
    double x = px(v, cx[c]), y = py(v, cy[c]);
    int w = worst(res, c);
    soso_rgb col = sig_color(w);
    cairo_new_path(cr);
    cairo_arc(cr, x, y, 8, 0, 2 * k_pi);
    cairo_set_source_rgb(cr, col.r, col.g, col.b);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 1.2);
    cairo_stroke(cr);
    take(bx, x - 8, y - 8, x + 8, y + 8);
  }
  for (size_t i = 0; i < ns; i++) { /* sites: triangles, over the communities */
    double x = px(v, sx[i]), y = py(v, sy[i]);
    cairo_new_path(cr);
    cairo_move_to(cr, x, y - 7);
    cairo_line_to(cr, x + 6, y + 4.5);
    cairo_line_to(cr, x - 6, y + 4.5);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 1, 1, 1); /* a thin white edge: visible on a community */
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
    take(bx, x - 6, y - 7, x + 6, y + 4.5);
  }
  /* Scale bar (drawn below): a round number of km near a fifth of the frame, its
   * place kept free of labels. */
  double span_km = (v->ex1 - v->ex0) / 1000.0 / 5.0, step = pow(10, floor(log10(span_km)));
  double km = span_km >= 5 * step ? 5 * step : span_km >= 2 * step ? 2 * step : step;
  double bx0 = v->fx1 - km * 1000 * v->s - 12, by0 = v->fy1 - 14;
  take(bx, bx0 - 2, by0 - 16, v->fx1, v->fy1);
  /* Labels after every symbol is down, communities first. */
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  for (size_t c = 0; c < nc; c++) {
    snprintf(buf, sizeof buf, "%s (%s)", r->communities[c].name,
             soso_significance_name((soso_significance)worst(res, c)));
    place_label(cr, bx, v, px(v, cx[c]), py(v, cy[c]), 8, buf, 10.5);
  }
  for (size_t i = 0; i < ns; i++)
    place_label(cr, bx, v, px(v, sx[i]), py(v, sy[i]) - 1, 6.5, r->sites[i].name, 9.5);
  cairo_reset_clip(cr);
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  cairo_set_line_width(cr, 1);
  cairo_rectangle(cr, v->fx0, v->fy0, v->fx1 - v->fx0, v->fy1 - v->fy0);
  cairo_stroke(cr);
  /* Legend along the bottom. */
  double lx = v->fx0, ly = H - 38;
  cairo_set_font_size(cr, 10);
  for (int s = 0; s < 4; s++) {
    soso_rgb col = sig_color(s);
    cairo_new_path(cr);
    cairo_arc(cr, lx + 6, ly - 4, 6, 0, 2 * k_pi);
    cairo_set_source_rgb(cr, col.r, col.g, col.b);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_stroke(cr);
    cairo_move_to(cr, lx + 16, ly);
    cairo_show_text(cr, soso_significance_name((soso_significance)s));
    lx += 95;
  }
  cairo_move_to(cr, lx, ly);
  snprintf(buf, sizeof buf, "triangle = site; dashed circle = %g km constraint radius", r->radius_km);
  cairo_show_text(cr, buf);
  cairo_set_line_width(cr, 2);
  cairo_move_to(cr, bx0, by0);
  cairo_line_to(cr, bx0 + km * 1000 * v->s, by0);
  cairo_stroke(cr);
  snprintf(buf, sizeof buf, "%g km", km);
  label(cr, bx0, by0 - 5, buf, 9);
  cairo_set_font_size(cr, 8.5);
  cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
  cairo_move_to(cr, 20, H - 12);
  cairo_show_text(cr, "ETRS89 / LAEA Europe (EPSG:3035). Boundaries: Natural Earth. Pressures and "
                      "bands are screening assumptions (region file, data/region/cumulative.yaml).");
}

int soso_region_map(const soso_region *r, const soso_region_result *res, const char *bpath,
                    const char *path) {
  size_t ns = r->n_sites, nc = r->n_communities;
  double *xy = malloc(2 * (ns + nc) * sizeof *xy);
  if (!xy) return soso_error_set(SOSO_ENOMEM, "out of memory");
  double *sx = xy, *sy = xy + ns, *cx = xy + 2 * ns, *cy = cx + nc;
  for (size_t i = 0; i < ns; i++) {
    sx[i] = r->sites[i].lon;
    sy[i] = r->sites[i].lat;
  }
  for (size_t c = 0; c < nc; c++) {
    cx[c] = r->communities[c].lon;
    cy[c] = r->communities[c].lat;
  }
  PJ_CONTEXT *ctx = proj_context_create();
  PJ *raw = ctx ? proj_create_crs_to_crs(ctx, "EPSG:4326", "EPSG:3035", NULL) : NULL;
  PJ *P = raw ? proj_normalize_for_visualization(ctx, raw) : NULL;
  proj_destroy(raw);
  int rc = 0;
  if (!P) rc = soso_error_set(SOSO_ERR, "PROJ cannot set up EPSG:4326 -> EPSG:3035 (proj.db?)");
  soso_canvas *cv = NULL;
  cairo_t *cr = NULL;
  const double W = 760, H = 620;
  if (!rc) {
    proj_trans_generic(P, PJ_FWD, sx, sizeof(double), ns, sy, sizeof(double), ns, NULL, 0, 0,
                       NULL, 0, 0);
    proj_trans_generic(P, PJ_FWD, cx, sizeof(double), nc, cy, sizeof(double), nc, NULL, 0, 0,
                       NULL, 0, 0);
    view v = {HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL, 20, 60, W - 20, H - 60, 0};
    for (size_t k = 0; k < ns + nc; k++) {
      double x = k < ns ? sx[k] : cx[k - ns], y = k < ns ? sy[k] : cy[k - ns];
      v.ex0 = fmin(v.ex0, x);
      v.ex1 = fmax(v.ex1, x);
      v.ey0 = fmin(v.ey0, y);
      v.ey1 = fmax(v.ey1, y);
    }
    rc = soso_canvas_new(&cv, &cr, path, W, H);
    if (!rc) {
      /* Room around the symbols for the widest label on either side (pt), and
       * for the constraint circles (m): one scale on both axes, the largest that
       * gives both, centred on the symbols. */
      char buf[160];
      double wl = 0;
      cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      for (size_t k = 0; k < ns + nc; k++) {
        if (k < ns) snprintf(buf, sizeof buf, "%s", r->sites[k].name);
        else snprintf(buf, sizeof buf, "%s (moderate)", r->communities[k - ns].name);
        cairo_set_font_size(cr, k < ns ? 9.5 : 10.5);
        cairo_text_extents_t te;
        cairo_text_extents(cr, buf, &te);
        wl = fmax(wl, te.x_advance);
      }
      double padx = fmin(wl + 16, 0.3 * (v.fx1 - v.fx0)), pady = 30, rad = r->radius_km * 1000;
      double dx = fmax(v.ex1 - v.ex0, 2000), dy = fmax(v.ey1 - v.ey0, 2000);
      double fw = v.fx1 - v.fx0, fh = v.fy1 - v.fy0;
      v.s = fmin(fmin((fw - 2 * padx) / dx, (fh - 2 * pady) / dy),
                 fmin((fw - 16) / (dx + 2 * rad), (fh - 16) / (dy + 2 * rad)));
      v.s *= 0.97; /* a little air */
      double cxm = 0.5 * (v.ex0 + v.ex1), cym = 0.5 * (v.ey0 + v.ey1);
      v.ex0 = cxm - 0.5 * fw / v.s;
      v.ex1 = cxm + 0.5 * fw / v.s;
      v.ey0 = cym - 0.5 * fh / v.s;
      v.ey1 = cym + 0.5 * fh / v.s;
      cairo_set_source_rgb(cr, 0.86, 0.92, 0.97); /* water / outside */
      cairo_rectangle(cr, v.fx0, v.fy0, v.fx1 - v.fx0, v.fy1 - v.fy0);
      cairo_fill(cr);
      cairo_save(cr);
      cairo_rectangle(cr, v.fx0, v.fy0, v.fx1 - v.fx0, v.fy1 - v.fy0);
      cairo_clip(cr);
      if (bpath) rc = boundaries(cr, &v, bpath, P);
      cairo_restore(cr);
    }
    boxes bx = {NULL, 0, 2 * (ns + nc) + 2};
    if (!rc && !(bx.b = malloc(4 * bx.cap * sizeof *bx.b)))
      rc = soso_error_set(SOSO_ENOMEM, "out of memory");
    if (!rc) draw(cr, &bx, r, res, &v, sx, sy, cx, cy, W, H);
    free(bx.b);
    if (!rc) {
      rc = soso_canvas_save(cv);
      cv = NULL;
    }
  }
  soso_canvas_free(cv);
  proj_destroy(P);
  if (ctx) proj_context_destroy(ctx);
  free(xy);
  return rc;
}
