/* map_label.c - labels that do not overlap, for every map: names beside symbols,
 * district ids at their outlines, country and town names.
 *
 * Greedy placement in drawing order: each label takes the first of a few candidate
 * positions that overlaps nothing placed before (symbols included) and stays in
 * the frame; a label that must be shown and finds no free place takes the least
 * crowded one (in the frame when any candidate is), others are left out. Country
 * and town names come last and go only where they cover nothing. Enough for the
 * <= 40 districts and <= 30 names of the deposits map and the handful of sites and
 * communities of a district; not an optimal placement.
 */
#include "map_int.h"

#include "core/i18n_int.h"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void map_take(placer *pl, double x0, double y0, double x1, double y1) {
  if (pl->n == pl->cap) return;
  double *b = pl->box + 4 * pl->n++;
  b[0] = x0;
  b[1] = y0;
  b[2] = x1;
  b[3] = y1;
}

/* Overlap area of two boxes. */
static double overlap(const double *a, const double *b) {
  double w = fmin(a[2], b[2]) - fmax(a[0], b[0]), h = fmin(a[3], b[3]) - fmax(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0.0;
}

void map_text_halo(cairo_t *cr, double x, double y, const char *s, double alpha) {
  cairo_pattern_t *ink = cairo_pattern_reference(cairo_get_source(cr)); /* the caller's */
  cairo_save(cr);
  cairo_move_to(cr, x, y);
  cairo_text_path(cr, s);
  cairo_set_source_rgba(cr, 1, 1, 1, alpha);
  cairo_set_line_width(cr, 2.5);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND); /* no spikes at sharp letters */
  cairo_stroke(cr);
  cairo_restore(cr);
  cairo_set_source(cr, ink);
  cairo_pattern_destroy(ink);
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, s);
}

/* The box a label at baseline-left (x, y) of width w at size takes. */
static void label_box(double *b, double x, double y, double w, double size) {
  b[0] = x - 1.5;
  b[1] = y - 0.75 * size - 1;
  b[2] = x + w + 1.5;
  b[3] = y + 0.25 * size + 1;
}

int map_place(cairo_t *cr, placer *pl, const map_view *v, const double (*cand)[2],
              size_t ncand, const char *text, double size, map_place_policy policy,
              double halo) {
  if (!text || !text[0] || ncand == 0) return 0;
  cairo_set_font_size(cr, size);
  cairo_text_extents_t te;
  cairo_text_extents(cr, text, &te);
  double w = te.x_advance, b[4];
  size_t best = 0;
  double best_cost = HUGE_VAL;
  for (size_t c = 0; c < ncand && best_cost > 0; c++) {
    label_box(b, cand[c][0], cand[c][1], w, size);
    int out = b[0] < v->fx0 || b[2] > v->fx1 || b[1] < v->fy0 || b[3] > v->fy1;
    double cost = out ? 1e9 : 0; /* outside the frame: only when nothing else is left */
    for (size_t j = 0; j < pl->n; j++) cost += overlap(b, pl->box + 4 * j);
    if (cost < best_cost) {
      best_cost = cost;
      best = c;
    }
  }
  if (best_cost > 0 && policy == MAP_PLACE_FREE) return 0;
  label_box(b, cand[best][0], cand[best][1], w, size);
  map_take(pl, b[0], b[1], b[2], b[3]);
  map_text_halo(cr, cand[best][0], cand[best][1], text, halo);
  return 1;
}

int map_place_beside(cairo_t *cr, placer *pl, const map_view *v, double x, double y,
                     double rad, const char *text, double size, map_place_policy policy) {
  if (!text || !text[0]) return 0;
  cairo_set_font_size(cr, size);
  cairo_text_extents_t te;
  cairo_text_extents(cr, text, &te);
  double w = te.x_advance, asc = 0.75 * size, g = rad + 3;
  const double cand[8][2] = {{x + g, y + 0.35 * asc},   {x - g - w, y + 0.35 * asc},
                             {x + rad, y - rad - 2},     {x + rad, y + rad + asc + 2},
                             {x - 0.5 * w, y - rad - 3}, {x - 0.5 * w, y + rad + asc + 3},
                             {x - rad - w, y - rad - 2}, {x - rad - w, y + rad + asc + 2}};
  return map_place(cr, pl, v, cand, 8, text, size, policy, 1.0);
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

/* A point (lon, lat) in the frame, projected; 0 when outside it. */
static int to_frame(PJ *P, const map_view *v, double lon, double lat, double *x, double *y) {
  PJ_COORD c = proj_trans(P, PJ_FWD, proj_coord(lon, lat, 0, 0));
  if (!isfinite(c.xy.x) || !isfinite(c.xy.y)) return 0;
  *x = map_px(v, c.xy.x);
  *y = map_py(v, c.xy.y);
  return *x > v->fx0 + 4 && *x < v->fx1 - 4 && *y > v->fy0 + 4 && *y < v->fy1 - 4;
}

/* The lon/lat box around the frame (its edges inverse-projected). */
static void frame_lonlat(PJ *P, const map_view *v, double *w, double *s, double *e, double *n) {
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

/* A label anchored at (x, y) (ax 0 left, 0.5 centred) only where it covers
 * nothing placed before. */
static int free_label(cairo_t *cr, placer *pl, const map_view *v, double x, double y,
                      const char *s, double size, double ax) {
  cairo_set_font_size(cr, size);
  cairo_text_extents_t te;
  cairo_text_extents(cr, s, &te);
  const double cand[1][2] = {{x - ax * te.x_advance, y}};
  return map_place(cr, pl, v, cand, 1, s, size, MAP_PLACE_FREE, 0.8);
}

void map_country_names(cairo_t *cr, placer *pl, const map_view *v, const char *bpath, PJ *P) {
  if (!bpath) return;
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(bpath, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (!ds) return; /* the boundaries layer has reported an unreadable file already */
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
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_ITALIC, CAIRO_FONT_WEIGHT_NORMAL);
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
          free_label(cr, pl, v, x, y, country_label(OGR_F_GetFieldAsString(f, fi)), 11, 0.5);
        if (pt) OGR_G_DestroyGeometry(pt);
      }
      if (part) OGR_G_DestroyGeometry(part);
      OGR_F_Destroy(f);
    }
  }
  OGR_G_DestroyGeometry(box);
  GDALClose(ds);
  map_font(cr, MAP_FS_MIN, 0);
}

/* The first file of places_dir OGR opens as a vector layer, or NULL. */
static GDALDatasetH open_places(const char *places_dir) {
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
  return ds;
}

void map_towns(cairo_t *cr, placer *pl, const map_view *v, const char *places_dir, PJ *P,
               int max_names) {
  if (!places_dir) return;
  GDALAllRegister();
  GDALDatasetH ds = open_places(places_dir);
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
    map_font(cr, MAP_FS_MIN, 0);
    /* most populous first (selection, n is small) */
    int shown = 0;
    for (size_t i = 0; i < nt && shown < max_names; i++) {
      size_t m = i;
      for (size_t j = i + 1; j < nt; j++)
        if (t[j].pop > t[m].pop) m = j;
      town tmp = t[i];
      t[i] = t[m];
      t[m] = tmp;
      cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
      if (!free_label(cr, pl, v, t[i].x + 4, t[i].y + 3, t[i].name, MAP_FS_MIN, 0.0)) continue;
      cairo_new_path(cr);
      cairo_rectangle(cr, t[i].x - 2, t[i].y - 2, 4, 4);
      cairo_fill(cr);
      map_take(pl, t[i].x - 2, t[i].y - 2, t[i].x + 2, t[i].y + 2);
      shown++;
    }
  }
  free(t);
  GDALClose(ds);
}
