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
 *
 * Also on the map: country names (the boundaries' "name", in the reader's language
 * for the countries of the Western Balkans and their neighbours, drawn at a point
 * inside the part of the country the frame shows, only where they cover no symbol
 * or label); towns from the places layer when the data folder has one
 * (data/places/, any OGR point layer with a name and, optionally, a population
 * field; the most populous first); a locator inset of the surrounding 1,000 km in
 * the frame corner with the fewest symbols; and a scale bar. Text is at least 9 pt
 * on a 600 pt page, so at least 7 pt when the report prints it 483 pt wide.
 */
#include "region/region_int.h"

#include "core/i18n_int.h"
#include "soso/chart.h"
#include "soso/error.h"
#include "soso/impacts.h"

#include "soso/datadir.h"

#include <cairo.h>
#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

const char *soso_region_default_boundaries(void) {
  static _Thread_local char buf[4096];
  return soso_data_path(buf, sizeof buf, "naturalearth/europe_countries_50m.geojson");
}

static const double k_pi = 3.14159265358979323846;

/* Display names: the enums' names are also JSON values, so they are translated
 * here, where they are shown, not where they are defined. */
static const char *sig_label(int s) {
  static const char *const k[4] = {N_("negligible"), N_("minor"), N_("moderate"), N_("major")};
  return _(k[s < 0 ? 0 : s > 3 ? 3 : s]);
}

static const char *strategy_label(soso_strategy st) {
  switch (st) {
  case SOSO_STRATEGY_CONCURRENT: return _("all mines at once");
  case SOSO_STRATEGY_SEQUENTIAL: return _("one mine after another");
  case SOSO_STRATEGY_OPTIMISED: return _("optimised sequence");
  }
  return "";
}

/* Country names of the boundaries file (Natural Earth short forms) shown in the
 * reader's language; others are shown as the file has them. */
static const char *country_label(const char *name) {
  static const char *const k[][2] = {
      {"Bosnia and Herz.", N_("Bosnia and Herzegovina")}, {"Serbia", N_("Serbia")},
      {"Croatia", N_("Croatia")}, {"Montenegro", N_("Montenegro")}, {"Kosovo", N_("Kosovo")},
      {"Slovenia", N_("Slovenia")}, {"Hungary", N_("Hungary")}, {"Albania", N_("Albania")},
      {"Macedonia", N_("North Macedonia")}, {"North Macedonia", N_("North Macedonia")},
      {"Romania", N_("Romania")}, {"Bulgaria", N_("Bulgaria")}, {"Austria", N_("Austria")},
      {"Italy", N_("Italy")}, {"Greece", N_("Greece")}, {"Slovakia", N_("Slovakia")}};
  for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
    if (strcmp(name, k[i][0]) == 0) return _(k[i][1]);
  return name;
}

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

/* A point (lon, lat) in the frame, projected; 0 when outside it. */
static int to_frame(PJ *P, const view *v, double lon, double lat, double *x, double *y) {
  PJ_COORD c = proj_coord(lon, lat, 0, 0);
  c = proj_trans(P, PJ_FWD, c);
  if (!isfinite(c.xy.x) || !isfinite(c.xy.y)) return 0;
  *x = px(v, c.xy.x);
  *y = py(v, c.xy.y);
  return *x > v->fx0 + 4 && *x < v->fx1 - 4 && *y > v->fy0 + 4 && *y < v->fy1 - 4;
}

/* The lon/lat box around the frame (its edges inverse-projected). */
static void frame_lonlat(PJ *P, const view *v, double *w, double *s, double *e, double *n) {
  *w = *s = HUGE_VAL;
  *e = *n = -HUGE_VAL;
  for (int i = 0; i <= 8; i++)
    for (int side = 0; side < 4; side++) {
      double t = i / 8.0;
      double x = side < 2 ? v->ex0 + t * (v->ex1 - v->ex0) : side == 2 ? v->ex0 : v->ex1;
      double y = side < 2 ? (side == 0 ? v->ey0 : v->ey1) : v->ey0 + t * (v->ey1 - v->ey0);
      PJ_COORD c = proj_trans(P, PJ_INV, proj_coord(x, y, 0, 0));
      if (!isfinite(c.lp.lam) || !isfinite(c.lp.phi)) continue;
      *w = fmin(*w, c.lp.lam), *e = fmax(*e, c.lp.lam);
      *s = fmin(*s, c.lp.phi), *n = fmax(*n, c.lp.phi);
    }
}

/* A label that goes only where it covers nothing placed before (country and town
 * names give way to sites and communities). Returns 1 if drawn. */
static int free_label(cairo_t *cr, boxes *bx, const view *v, double x, double y, const char *s,
                      double size, double ax) {
  cairo_set_font_size(cr, size);
  cairo_text_extents_t te;
  cairo_text_extents(cr, s, &te);
  double x0 = x - ax * te.x_advance, b[4] = {x0 - 2, y - 0.75 * size - 2,
                                             x0 + te.x_advance + 2, y + 0.25 * size + 2};
  if (b[0] < v->fx0 || b[2] > v->fx1 || b[1] < v->fy0 || b[3] > v->fy1) return 0;
  for (size_t j = 0; j < bx->n; j++)
    if (overlap(b, bx->b + 4 * j) > 0) return 0;
  take(bx, b[0], b[1], b[2], b[3]);
  cairo_pattern_t *ink = cairo_pattern_reference(cairo_get_source(cr)); /* the caller's */
  cairo_move_to(cr, x0, y);
  cairo_text_path(cr, s);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
  cairo_set_line_width(cr, 2.5);
  cairo_stroke(cr);
  cairo_set_source(cr, ink);
  cairo_pattern_destroy(ink);
  cairo_move_to(cr, x0, y);
  cairo_show_text(cr, s);
  return 1;
}

/* Country names at a point inside each country's part of the frame. */
static void country_names(cairo_t *cr, boxes *bx, const view *v, const char *bpath, PJ *P) {
  GDALDatasetH ds = GDALOpenEx(bpath, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (!ds) return; /* boundaries() has reported an unreadable file already */
  OGRLayerH ly = GDALDatasetGetLayerCount(ds) > 0 ? GDALDatasetGetLayer(ds, 0) : NULL;
  int fi = ly ? OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(ly), "name") : -1;
  double w, s, e, n;
  frame_lonlat(P, v, &w, &s, &e, &n);
  OGRGeometryH box = OGR_G_CreateGeometry(wkbPolygon), ring = OGR_G_CreateGeometry(wkbLinearRing);
  OGR_G_AddPoint_2D(ring, w, s);
  OGR_G_AddPoint_2D(ring, e, s);
  OGR_G_AddPoint_2D(ring, e, n);
  OGR_G_AddPoint_2D(ring, w, n);
  OGR_G_AddPoint_2D(ring, w, s);
  OGR_G_AddGeometryDirectly(box, ring);
  double boxarea = (e - w) * (n - s);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_ITALIC, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_source_rgb(cr, 0.45, 0.42, 0.38);
  OGRFeatureH f;
  if (ly && fi >= 0) {
    OGR_L_ResetReading(ly);
    OGR_L_SetSpatialFilterRect(ly, w, s, e, n);
    while ((f = OGR_L_GetNextFeature(ly)) != NULL) {
      OGRGeometryH g = OGR_F_GetGeometryRef(f);
      OGRGeometryH part = g ? OGR_G_Intersection(g, box) : NULL;
      /* only countries with a fair share of the frame (2 %) get a name */
      if (part && !OGR_G_IsEmpty(part) && OGR_G_Area(part) > 0.02 * boxarea) {
        OGRGeometryH pt = OGR_G_PointOnSurface(part);
        double x, y;
        if (pt && to_frame(P, v, OGR_G_GetX(pt, 0), OGR_G_GetY(pt, 0), &x, &y))
          free_label(cr, bx, v, x, y, country_label(OGR_F_GetFieldAsString(f, fi)), 11, 0.5);
        if (pt) OGR_G_DestroyGeometry(pt);
      }
      if (part) OGR_G_DestroyGeometry(part);
      OGR_F_Destroy(f);
    }
  }
  OGR_G_DestroyGeometry(box);
  GDALClose(ds);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
}

/* Towns of the places layer (data/places/: the first file OGR reads as points),
 * most populous first, up to 14 names; nothing when there is no such layer. */
static void towns(cairo_t *cr, boxes *bx, const view *v, const char *places_dir, PJ *P) {
  static const char *const exts[] = {"gpkg", "geojson", "json", "csv", "shp"};
  static const char *const csv_opts[] = {"X_POSSIBLE_NAMES=lon*,longitude,x",
                                         "Y_POSSIBLE_NAMES=lat*,y", NULL};
  GDALDatasetH ds = NULL;
  char **files = VSIReadDir(places_dir);
  for (int i = 0; files && files[i] && !ds; i++) {
    const char *dot = strrchr(files[i], '.');
    for (size_t k = 0; dot && k < sizeof exts / sizeof exts[0] && !ds; k++)
      if (strcasecmp(dot + 1, exts[k]) == 0) {
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", places_dir, files[i]);
        ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, csv_opts, NULL);
      }
  }
  CSLDestroy(files);
  if (!ds) return;
  OGRLayerH ly = GDALDatasetGetLayerCount(ds) > 0 ? GDALDatasetGetLayer(ds, 0) : NULL;
  OGRFeatureDefnH fd = ly ? OGR_L_GetLayerDefn(ly) : NULL;
  int fn = -1, fp = -1;
  static const char *const names[] = {"name", "NAME", "asciiname", "town", "place"};
  static const char *const pops[] = {"population", "POPULATION", "pop", "POP_MAX"};
  for (size_t k = 0; fd && k < 5 && fn < 0; k++) fn = OGR_FD_GetFieldIndex(fd, names[k]);
  for (size_t k = 0; fd && k < 4 && fp < 0; k++) fp = OGR_FD_GetFieldIndex(fd, pops[k]);
  enum { MAXT = 400 };
  typedef struct town {
    double x, y, pop;
    char name[64];
  } town;
  town *t = fn >= 0 ? calloc(MAXT, sizeof *t) : NULL;
  size_t nt = 0;
  if (t) {
    double w, s, e, n;
    frame_lonlat(P, v, &w, &s, &e, &n);
    OGR_L_SetSpatialFilterRect(ly, w, s, e, n);
    OGR_L_ResetReading(ly);
    OGRFeatureH f;
    while (nt < MAXT && (f = OGR_L_GetNextFeature(ly)) != NULL) {
      OGRGeometryH g = OGR_F_GetGeometryRef(f);
      double x, y;
      if (g && OGR_G_GetPointCount(g) >= 1 &&
          to_frame(P, v, OGR_G_GetX(g, 0), OGR_G_GetY(g, 0), &x, &y)) {
        t[nt].x = x, t[nt].y = y;
        t[nt].pop = fp >= 0 ? OGR_F_GetFieldAsDouble(f, fp) : 0;
        snprintf(t[nt].name, sizeof t[nt].name, "%s", OGR_F_GetFieldAsString(f, fn));
        nt++;
      }
      OGR_F_Destroy(f);
    }
    /* most populous first (selection, n is small) */
    int shown = 0;
    for (size_t i = 0; i < nt && shown < 14; i++) {
      size_t m = i;
      for (size_t j = i + 1; j < nt; j++)
        if (t[j].pop > t[m].pop) m = j;
      town tmp = t[i];
      t[i] = t[m];
      t[m] = tmp;
      cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
      if (!free_label(cr, bx, v, t[i].x + 4, t[i].y + 3, t[i].name, 9, 0.0)) continue;
      cairo_new_path(cr);
      cairo_rectangle(cr, t[i].x - 2, t[i].y - 2, 4, 4);
      cairo_fill(cr);
      take(bx, t[i].x - 2, t[i].y - 2, t[i].x + 2, t[i].y + 2);
      shown++;
    }
  }
  free(t);
  GDALClose(ds);
}

/* The locator: the 1,000 km around the frame, its countries, and the frame as a
 * red box, in the corner of the frame with the fewest symbols. */
static void locator(cairo_t *cr, boxes *bx, const view *v, const char *bpath, PJ *P,
                    size_t nsym) {
  const double iw = 120, ih = 100, m = 6;
  double best = HUGE_VAL, ix = v->fx0 + m, iy = v->fy0 + m;
  for (int c = 0; c < 4; c++) {
    double x = c % 2 ? v->fx1 - m - iw : v->fx0 + m, y = c / 2 ? v->fy1 - m - ih - 22 : v->fy0 + m;
    double b[4] = {x, y, x + iw, y + ih}, cost = 0;
    for (size_t j = 0; j < nsym && j < bx->n; j++) cost += overlap(b, bx->b + 4 * j);
    if (cost < best - 1e-9) best = cost, ix = x, iy = y;
  }
  double cxm = 0.5 * (v->ex0 + v->ex1), cym = 0.5 * (v->ey0 + v->ey1), half = 500e3;
  view in = {cxm - half, cym - half * ih / iw, cxm + half, cym + half * ih / iw,
             ix, iy, ix + iw, iy + ih, iw / (2 * half)};
  cairo_save(cr);
  cairo_rectangle(cr, ix, iy, iw, ih);
  cairo_set_source_rgb(cr, 0.86, 0.92, 0.97);
  cairo_fill_preserve(cr);
  cairo_clip(cr);
  if (bpath) boundaries(cr, &in, bpath, P);
  cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
  cairo_set_line_width(cr, 1.2);
  double x0 = px(&in, v->ex0), y0 = py(&in, v->ey1);
  cairo_rectangle(cr, x0, y0, fmax(px(&in, v->ex1) - x0, 3), fmax(py(&in, v->ey0) - y0, 3));
  cairo_stroke(cr);
  cairo_restore(cr);
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, ix, iy, iw, ih);
  cairo_stroke(cr);
  take(bx, ix - 2, iy - 2, ix + iw + 2, iy + ih + 2);
}

static void draw(cairo_t *cr, boxes *bx, const soso_region *r, const soso_region_result *res,
                 const view *v, const double *sx, const double *sy, const double *cx,
                 const double *cy, double W, double H, const char *bpath, const char *places,
                 PJ *P) {
  size_t ns = r->n_sites, nc = r->n_communities;
  char buf[256];
  cairo_reset_clip(cr);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  /* Title: the region's name, fitted to the page; the rest in the subtitle. */
  show_fitted(cr, 20, 28, r->name, 15, 11, W - 40);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  snprintf(buf, sizeof buf, _("Cumulative significance at each community; plan: %s, %zu price "
                              "scenarios, seed %llu"),
           strategy_label(res->strategy), res->n_paths, (unsigned long long)res->seed);
  show_fitted(cr, 20, 45, buf, 10.5, 9, W - 40);
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
  size_t nsym = bx->n;
  /* Scale bar (drawn below): a round number of km near a fifth of the frame, its
   * place kept free of labels. */
  double span_km = (v->ex1 - v->ex0) / 1000.0 / 5.0, step = pow(10, floor(log10(span_km)));
  double km = span_km >= 5 * step ? 5 * step : span_km >= 2 * step ? 2 * step : step;
  double bx0 = v->fx1 - km * 1000 * v->s - 12, by0 = v->fy1 - 14;
  take(bx, bx0 - 2, by0 - 16, v->fx1, v->fy1);
  locator(cr, bx, v, bpath, P, nsym);
  cairo_rectangle(cr, v->fx0, v->fy0, v->fx1 - v->fx0, v->fy1 - v->fy0);
  cairo_clip(cr);
  /* Labels after every symbol is down, communities first, then towns and
   * countries where there is room. */
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  for (size_t c = 0; c < nc; c++) {
    snprintf(buf, sizeof buf, "%s (%s)", r->communities[c].name, sig_label(worst(res, c)));
    place_label(cr, bx, v, px(v, cx[c]), py(v, cy[c]), 8, buf, 10.5);
  }
  for (size_t i = 0; i < ns; i++)
    place_label(cr, bx, v, px(v, sx[i]), py(v, sy[i]) - 1, 6.5, r->sites[i].name, 9.5);
  if (places) towns(cr, bx, v, places, P);
  if (bpath) country_names(cr, bx, v, bpath, P);
  cairo_reset_clip(cr);
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  cairo_set_line_width(cr, 1);
  cairo_rectangle(cr, v->fx0, v->fy0, v->fx1 - v->fx0, v->fy1 - v->fy0);
  cairo_stroke(cr);
  /* Legend below the frame: significance colours, then the symbols. */
  double lx = v->fx0, ly = v->fy1 + 20;
  cairo_set_font_size(cr, 10);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  for (int s = 0; s < 4; s++) {
    soso_rgb col = sig_color(s);
    cairo_new_path(cr);
    cairo_arc(cr, lx + 6, ly - 4, 6, 0, 2 * k_pi);
    cairo_set_source_rgb(cr, col.r, col.g, col.b);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    cairo_move_to(cr, lx + 16, ly);
    cairo_show_text(cr, sig_label(s));
    cairo_text_extents_t te;
    cairo_text_extents(cr, sig_label(s), &te);
    lx += 16 + te.x_advance + 16;
  }
  snprintf(buf, sizeof buf, _("triangle: mine site; dashed circle: %g km around a community"),
           r->radius_km);
  show_fitted(cr, v->fx0, ly + 16, buf, 10, 9, W - 40);
  cairo_set_line_width(cr, 2);
  cairo_move_to(cr, bx0, by0);
  cairo_line_to(cr, bx0 + km * 1000 * v->s, by0);
  cairo_stroke(cr);
  snprintf(buf, sizeof buf, "%g km", km);
  label(cr, bx0, by0 - 5, buf, 9);
  cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
  show_fitted(cr, 20, H - 24, _("Map: ETRS89 / LAEA Europe (EPSG:3035). Boundaries: Natural Earth "
                                "(public domain)."), 9, 9, W - 40);
  show_fitted(cr, 20, H - 10, _("Pressures and distance bands are screening assumptions (region "
                                "file, data/region/cumulative.yaml)."), 9, 9, W - 40);
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
  /* 600 pt wide: printed at 483 pt, the 9 pt text is 7.2 pt. */
  const double W = 600, H = 560;
  if (!rc) {
    proj_trans_generic(P, PJ_FWD, sx, sizeof(double), ns, sy, sizeof(double), ns, NULL, 0, 0,
                       NULL, 0, 0);
    proj_trans_generic(P, PJ_FWD, cx, sizeof(double), nc, cy, sizeof(double), nc, NULL, 0, 0,
                       NULL, 0, 0);
    view v = {HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL, 20, 56, W - 20, H - 78, 0};
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
        else snprintf(buf, sizeof buf, "%s (%s)", r->communities[k - ns].name, sig_label(2));
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
    boxes bx = {NULL, 0, 2 * (ns + nc) + 64};
    if (!rc && !(bx.b = malloc(4 * bx.cap * sizeof *bx.b)))
      rc = soso_error_set(SOSO_ENOMEM, "out of memory");
    char places[1100];
    soso_data_path(places, sizeof places, "places");
    struct stat st;
    int has_places = stat(places, &st) == 0 && S_ISDIR(st.st_mode);
    if (!rc) draw(cr, &bx, r, res, &v, sx, sy, cx, cy, W, H, bpath, has_places ? places : NULL, P);
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
