/* borders.c - which country a point lies in: point-in-polygon against the Natural
 * Earth 1:50m boundaries the project ships (data/naturalearth/), with GEOS.
 *
 * Why: sources name countries as they were when the record was made ("Serbia and
 * Montenegro", "Yugoslavia", "USSR") or as their compiler saw them (Kosovo under
 * Serbia); the point does not change. The screen uses the country at the point and
 * keeps the source's own beside it (soso_deposits.country_source).
 * Invariants: polygons are read with OGR (any vector format; the shipped file is
 * GeoJSON with a `name` property) and named through soso_deposits_country_code(), so the
 * codes are those of the rest of the module (Kosovo XK). A point on a shared border
 * goes to the first polygon in file order (intersects: the boundary counts). A
 * point in no polygon (sea, outside the layer's extent) gets "". One GEOS context
 * per object: use one soso_borders from one thread at a time.
 */
#define _POSIX_C_SOURCE 200809L
#define GEOS_USE_ONLY_R_API
#include "deposits/deposits_int.h"
#include "soso/error.h"

#include <gdal.h>
#include <geos_c.h>
#include <math.h>
#include <ogr_api.h>
#include <stdlib.h>
#include <string.h>

typedef struct border {
  char code[3];                   /* ISO alpha-2 */
  double x0, y0, x1, y1;          /* envelope, degrees */
  GEOSGeometry *g;                /* the polygon (owned) */
  const GEOSPreparedGeometry *pg; /* prepared for fast point queries (owned) */
} border;

struct soso_borders {
  GEOSContextHandle_t h; /* GEOS context */
  size_t n;              /* polygons */
  border *b;             /* n polygons */
};

void soso_deposits_borders_free(soso_borders *bs) {
  if (!bs) return;
  for (size_t k = 0; k < bs->n; k++) {
    if (bs->b[k].pg) GEOSPreparedGeom_destroy_r(bs->h, bs->b[k].pg);
    if (bs->b[k].g) GEOSGeom_destroy_r(bs->h, bs->b[k].g);
  }
  free(bs->b);
  if (bs->h) GEOS_finish_r(bs->h);
  free(bs);
}

/* One feature into bs (names not known as a country are skipped). */
static int add_feature(soso_borders *bs, OGRFeatureH f, int name_field, size_t *cap,
                       GEOSWKBReader *rd) {
  const char *name = OGR_F_GetFieldAsString(f, name_field);
  char code[3];
  OGRGeometryH og = OGR_F_GetGeometryRef(f);
  if (!og || soso_deposits_country_code(code, name, NAN, NAN) < 0) {
    soso_error_clear();
    return 0;
  }
  int size = OGR_G_WkbSize(og);
  unsigned char *wkb = size > 0 ? malloc((size_t)size) : NULL;
  if (!wkb) return soso_error_set(SOSO_ENOMEM, "out of memory");
  OGR_G_ExportToWkb(og, wkbNDR, wkb);
  GEOSGeometry *g = GEOSWKBReader_read_r(bs->h, rd, wkb, (size_t)size);
  free(wkb);
  if (!g) return soso_error_set(SOSO_EDATA, "boundaries: %s: geometry GEOS cannot read", name);
  if (bs->n == *cap) {
    size_t nc = *cap ? 2 * *cap : 64;
    border *nb = realloc(bs->b, nc * sizeof *nb);
    if (!nb) {
      GEOSGeom_destroy_r(bs->h, g);
      return soso_error_set(SOSO_ENOMEM, "out of memory");
    }
    bs->b = nb;
    *cap = nc;
  }
  border *b = &bs->b[bs->n++];
  memset(b, 0, sizeof *b);
  memcpy(b->code, code, 3);
  OGREnvelope env;
  OGR_G_GetEnvelope(og, &env);
  b->x0 = env.MinX;
  b->x1 = env.MaxX;
  b->y0 = env.MinY;
  b->y1 = env.MaxY;
  b->g = g;
  b->pg = GEOSPrepare_r(bs->h, g);
  if (!b->pg) return soso_error_set(SOSO_EDATA, "boundaries: %s: cannot prepare", name);
  return 0;
}

int soso_deposits_borders_load(soso_borders **out, const char *path) {
  *out = NULL;
  soso_borders *bs = calloc(1, sizeof *bs);
  if (!bs || !(bs->h = GEOS_init_r())) {
    free(bs);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  GDALAllRegister();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  CPLPopErrorHandler();
  int rc = 0;
  size_t cap = 0;
  GEOSWKBReader *rd = GEOSWKBReader_create_r(bs->h);
  OGRLayerH layer = ds && GDALDatasetGetLayerCount(ds) > 0 ? GDALDatasetGetLayer(ds, 0) : NULL;
  int field = layer ? OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), "name") : -1;
  if (!ds) rc = soso_error_set(SOSO_EIO, "%s: cannot open the country boundaries", path);
  else if (!layer || field < 0)
    rc = soso_error_set(SOSO_EDATA, "%s: no layer with a `name` field", path);
  else if (!rd) rc = soso_error_set(SOSO_ENOMEM, "out of memory");
  if (!rc) {
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    while (!rc && (f = OGR_L_GetNextFeature(layer)) != NULL) {
      rc = add_feature(bs, f, field, &cap, rd);
      OGR_F_Destroy(f);
    }
  }
  if (rd) GEOSWKBReader_destroy_r(bs->h, rd);
  if (ds) GDALClose(ds);
  if (rc) {
    soso_deposits_borders_free(bs);
    return rc;
  }
  *out = bs;
  return 0;
}

int soso_deposits_borders_country(const soso_borders *bs, char out[3], double lat, double lon) {
  out[0] = '\0';
  if (!bs || !isfinite(lat) || !isfinite(lon)) return 0;
  GEOSGeometry *pt = NULL;
  for (size_t k = 0; k < bs->n; k++) {
    const border *b = &bs->b[k];
    if (lon < b->x0 || lon > b->x1 || lat < b->y0 || lat > b->y1) continue;
    if (!pt && !(pt = GEOSGeom_createPointFromXY_r(bs->h, lon, lat)))
      return soso_error_set(SOSO_ENOMEM, "out of memory");
    if (GEOSPreparedIntersects_r(bs->h, b->pg, pt) == 1) {
      memcpy(out, b->code, 3);
      break;
    }
  }
  if (pt) GEOSGeom_destroy_r(bs->h, pt);
  return 0;
}
