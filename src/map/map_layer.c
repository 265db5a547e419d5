/* map_layer.c - the maps' projection and line work: country boundaries read with
 * OGR, the graticule and the outline of the data window, projected with PROJ into
 * layers of rings, and drawn as cairo paths.
 *
 * Invariant: a layer's rings are in projected EPSG:3035 metres; a point PROJ could
 * not project (HUGE_VAL) breaks the ring there instead of drawing a stray line.
 */
#include "map_int.h"

#include "soso/error.h"

#include <cpl_error.h>
#include <gdal.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int map_proj_open(PJ_CONTEXT **ctx, PJ **P) {
  *P = NULL;
  *ctx = proj_context_create();
  PJ *raw = *ctx ? proj_create_crs_to_crs(*ctx, "EPSG:4326", "EPSG:3035", NULL) : NULL;
  if (raw) {
    *P = proj_normalize_for_visualization(*ctx, raw);
    proj_destroy(raw);
  }
  if (!*P)
    return soso_error_set(SOSO_ERR, "PROJ: cannot set up EPSG:4326 -> EPSG:3035: %s",
                          *ctx ? proj_context_errno_string(*ctx, proj_context_errno(*ctx))
                               : "no context");
  return 0;
}

void map_proj_close(PJ_CONTEXT *ctx, PJ *P) {
  proj_destroy(P);
  if (ctx) proj_context_destroy(ctx);
}

void map_project(PJ *P, double *x, double *y, size_t n) {
  if (n)
    proj_trans_generic(P, PJ_FWD, x, sizeof(double), n, y, sizeof(double), n, NULL, 0, 0, NULL,
                       0, 0);
}

void map_layer_free(layer *l) {
  free(l->x);
  free(l->y);
  free(l->ring);
  free(l->feat);
  memset(l, 0, sizeof *l);
}

static int grow(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return 0;
  size_t c = *cap ? *cap : 64;
  while (c < need) c *= 2;
  void *q = realloc(*p, c * size);
  if (!q) return -1;
  *p = q;
  *cap = c;
  return 0;
}

int map_layer_feature(layer *l) {
  if (grow((void **)&l->feat, &l->capf, l->nfeat + 1, sizeof *l->feat)) return -1;
  l->feat[l->nfeat++] = l->nring;
  return 0;
}

/* Appends a ring of n points (projected in place by P if P is not NULL). */
int map_layer_ring(layer *l, const double *x, const double *y, size_t n, PJ *P) {
  size_t cap2 = l->cap;
  if (grow((void **)&l->x, &l->cap, l->n + n, sizeof *l->x)) return -1;
  if (grow((void **)&l->y, &cap2, l->n + n, sizeof *l->y)) return -1;
  if (grow((void **)&l->ring, &l->capr, l->nring + 1, sizeof *l->ring)) return -1;
  memcpy(l->x + l->n, x, n * sizeof *x);
  memcpy(l->y + l->n, y, n * sizeof *y);
  if (P)
    proj_trans_generic(P, PJ_FWD, l->x + l->n, sizeof(double), n, l->y + l->n,
                       sizeof(double), n, NULL, 0, 0, NULL, 0, 0);
  l->ring[l->nring++] = l->n;
  l->n += n;
  return 0;
}

/* Adds every ring or line of g (recursing into collections and polygons). */
int map_layer_geometry(layer *l, OGRGeometryH g, PJ *P, double **bx, double **by,
                          size_t *bcap) {
  int ng = OGR_G_GetGeometryCount(g);
  if (ng > 0) {
    for (int i = 0; i < ng; i++)
      if (map_layer_geometry(l, OGR_G_GetGeometryRef(g, i), P, bx, by, bcap)) return -1;
    return 0;
  }
  int np = OGR_G_GetPointCount(g);
  if (np < 2) return 0;
  size_t c2 = *bcap;
  if (grow((void **)bx, bcap, (size_t)np, sizeof **bx) ||
      grow((void **)by, &c2, (size_t)np, sizeof **by))
    return -1;
  OGR_G_GetPoints(g, *bx, sizeof(double), *by, sizeof(double), NULL, 0);
  return map_layer_ring(l, *bx, *by, (size_t)np, P);
}

int map_read_boundaries(layer *l, const char *path, PJ *P) {
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (!ds)
    return soso_error_set(SOSO_EIO, "%s: cannot read boundaries: %s", path,
                          CPLGetLastErrorMsg()[0] ? CPLGetLastErrorMsg() : "not a vector file");
  OGRLayerH ly = GDALDatasetGetLayerCount(ds) > 0 ? GDALDatasetGetLayer(ds, 0) : NULL;
  if (!ly) {
    GDALClose(ds);
    return soso_error_set(SOSO_EIO, "%s: boundaries file has no layer", path);
  }
  int rc = 0;
  double *bx = NULL, *by = NULL;
  size_t bcap = 0;
  OGRFeatureH f;
  OGR_L_ResetReading(ly);
  while (!rc && (f = OGR_L_GetNextFeature(ly)) != NULL) {
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (g && (map_layer_feature(l) || map_layer_geometry(l, g, P, &bx, &by, &bcap)))
      rc = soso_error_set(SOSO_ENOMEM, "%s: out of memory", path);
    OGR_F_Destroy(f);
  }
  free(bx);
  free(by);
  GDALClose(ds);
  if (!rc && l->nfeat == 0) rc = soso_error_set(SOSO_EIO, "%s: no boundaries in file", path);
  return rc;
}

int map_graticule(layer *l, PJ *P) {
  double x[241], y[241];
  for (double lon = -40.0; lon <= 70.0 + 1e-9; lon += 10.0) {
    size_t n = 0;
    for (double lat = WIN_LAT0; lat <= 80.0 + 1e-9; lat += 0.5, n++) {
      x[n] = lon;
      y[n] = lat;
    }
    if (map_layer_feature(l) || map_layer_ring(l, x, y, n, P)) return -1;
  }
  for (double lat = 30.0; lat <= 80.0 + 1e-9; lat += 10.0) {
    size_t n = 0;
    for (double lon = WIN_LON0; lon <= WIN_LON1 + 1e-9; lon += 0.5, n++) {
      x[n] = lon;
      y[n] = lat;
    }
    if (map_layer_feature(l) || map_layer_ring(l, x, y, n, P)) return -1;
  }
  return 0;
}

/* The window's outline (lon/lat box edges, densified): the edge of the data. */
int map_window_outline(layer *l, PJ *P) {
  double x[4 * 241], y[4 * 241];
  size_t n = 0;
  for (double lon = WIN_LON0; lon <= WIN_LON1 + 1e-9; lon += 0.5, n++) {
    x[n] = lon;
    y[n] = WIN_LAT0;
  }
  for (double lat = WIN_LAT0; lat <= WIN_LAT1 + 1e-9; lat += 0.5, n++) {
    x[n] = WIN_LON1;
    y[n] = lat;
  }
  for (double lon = WIN_LON1; lon >= WIN_LON0 - 1e-9; lon -= 0.5, n++) {
    x[n] = lon;
    y[n] = WIN_LAT1;
  }
  for (double lat = WIN_LAT1; lat >= WIN_LAT0 - 1e-9; lat -= 0.5, n++) {
    x[n] = WIN_LON0;
    y[n] = lat;
  }
  return map_layer_feature(l) || map_layer_ring(l, x, y, n, P);
}

void map_path_feature(cairo_t *cr, const map_view *v, const layer *l, size_t j,
                         int close) {
  size_t r1 = j + 1 < l->nfeat ? l->feat[j + 1] : l->nring;
  for (size_t r = l->feat[j]; r < r1; r++) {
    size_t a = l->ring[r], b = r + 1 < l->nring ? l->ring[r + 1] : l->n;
    int pen = 0;
    for (size_t k = a; k < b; k++) {
      if (!isfinite(l->x[k]) || !isfinite(l->y[k]) || fabs(l->x[k]) > 1e8) {
        pen = 0;
        continue;
      }
      double px = map_px(v, l->x[k]), py = map_py(v, l->y[k]);
      if (pen) cairo_line_to(cr, px, py);
      else cairo_move_to(cr, px, py);
      pen = 1;
    }
    if (close && pen) cairo_close_path(cr);
  }
}

void map_draw_layer(cairo_t *cr, const map_view *v, const layer *l, int close, int fill) {
  for (size_t j = 0; j < l->nfeat; j++) {
    cairo_new_path(cr);
    map_path_feature(cr, v, l, j, close);
    if (fill) cairo_fill(cr);
    else cairo_stroke(cr);
  }
}

void map_draw_land(cairo_t *cr, const map_view *v, const layer *land, soso_rgb fill,
                   double line_width) {
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  for (size_t j = 0; j < land->nfeat; j++) {
    cairo_new_path(cr);
    map_path_feature(cr, v, land, j, 1);
    cairo_set_source_rgb(cr, fill.r, fill.g, fill.b);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
    cairo_set_line_width(cr, line_width);
    cairo_stroke(cr);
  }
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
}

int map_in_window(double lat, double lon) {
  lon = fmod(lon + 540.0, 360.0) - 180.0;
  return lat >= WIN_LAT0 && lat <= WIN_LAT1 && lon >= WIN_LON0 && lon <= WIN_LON1;
}
