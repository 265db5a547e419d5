/* gpkg.c - the sweep's GeoPackage through GDAL/OGR: layer "sweep" (one point per
 * deposit and scenario), layer "viability" (one point per deposit with the share
 * of scenarios in which it is worth opening) and table "skipped" (deposits that
 * could not be drafted or valued, with the reason). WGS84 points (EPSG:4326);
 * QGIS reprojects on the fly. Written to a temporary name and renamed.
 */
#define _GNU_SOURCE
#include "soso/sweep.h"

#include "soso/error.h"

#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void field(OGRLayerH l, const char *name, OGRFieldType t) {
  OGRFieldDefnH f = OGR_Fld_Create(name, t);
  OGR_L_CreateField(l, f, TRUE);
  OGR_Fld_Destroy(f);
}

static void set_num(OGRFeatureH f, const char *name, double x) {
  int i = OGR_F_GetFieldIndex(f, name);
  if (i < 0) return;
  if (isfinite(x)) OGR_F_SetFieldDouble(f, i, x);
  else OGR_F_SetFieldNull(f, i);
}

static void set_str(OGRFeatureH f, const char *name, const char *s) {
  int i = OGR_F_GetFieldIndex(f, name);
  if (i >= 0 && s) OGR_F_SetFieldString(f, i, s);
}

static void point(OGRFeatureH f, double lon, double lat) {
  OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
  OGR_G_SetPoint_2D(g, 0, lon, lat);
  OGR_F_SetGeometryDirectly(f, g);
}

int soso_sweep_gpkg(const char *path, const soso_sweep *w, const soso_deposits *set,
                    const soso_sweep_scenarios *sc) {
  if (!path || !w || !set || !sc || set->n != w->n_deposits)
    return soso_error_set(SOSO_EUSAGE, "soso_sweep_gpkg: bad arguments");
  GDALAllRegister();
  GDALDriverH drv = GDALGetDriverByName("GPKG");
  if (!drv) return soso_error_set(SOSO_EIO, "%s: GDAL has no GPKG driver", path);
  size_t n = strlen(path) + 32;
  char *tmp = malloc(n);
  if (!tmp) return soso_error_set(SOSO_ENOMEM, "out of memory");
  snprintf(tmp, n, "%s.tmp%ld.gpkg", path, (long)getpid());
  unlink(tmp);
  GDALDatasetH ds = GDALCreate(drv, tmp, 0, 0, 0, GDT_Unknown, NULL);
  if (!ds) {
    free(tmp);
    return soso_error_set(SOSO_EIO, "%s: cannot create: %s", path, CPLGetLastErrorMsg());
  }
  OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
  OSRImportFromEPSG(srs, 4326);
  OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
  int rc = 0;
  OGRLayerH ls = GDALDatasetCreateLayer(ds, "sweep", srs, wkbPoint, NULL);
  OGRLayerH lv = GDALDatasetCreateLayer(ds, "viability", srs, wkbPoint, NULL);
  OGRLayerH lk = GDALDatasetCreateLayer(ds, "skipped", NULL, wkbNone, NULL);
  if (!ls || !lv || !lk) rc = soso_error_set(SOSO_EIO, "%s: cannot create layers", path);
  if (!rc) {
    field(ls, "deposit", OFTString);
    field(ls, "name", OFTString);
    field(ls, "country", OFTString);
    field(ls, "scenario", OFTString);
    field(ls, "method", OFTString);
    field(ls, "value_open", OFTReal);
    field(ls, "flexible_npv", OFTReal);
    field(ls, "static_npv", OFTReal);
    field(ls, "irr", OFTReal);
    field(ls, "close_below", OFTReal);
    field(ls, "reopen_above", OFTReal);
    field(ls, "life_years", OFTReal);
    field(ls, "crew", OFTReal);
    field(ls, "capital", OFTReal);
    field(ls, "worth_opening", OFTInteger);
    field(ls, "price_series", OFTString);
    field(lv, "deposit", OFTString);
    field(lv, "name", OFTString);
    field(lv, "country", OFTString);
    field(lv, "main", OFTString);
    field(lv, "share_open", OFTReal);
    field(lv, "scenarios", OFTInteger);
    field(lv, "best_flexible_npv", OFTReal);
    field(lv, "price_series", OFTString);
    field(lk, "deposit", OFTString);
    field(lk, "name", OFTString);
    field(lk, "reason", OFTString);
  }
  GDALDatasetStartTransaction(ds, TRUE);
  for (size_t k = 0; !rc && k < w->n_rows; k++) {
    const soso_sweep_row *r = &w->rows[k];
    size_t i = r->deposit;
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(ls));
    set_str(f, "deposit", set->id[i]);
    set_str(f, "name", set->name[i]);
    set_str(f, "country", set->country[i]);
    set_str(f, "scenario", sc->s[r->scenario].name);
    set_str(f, "method", r->lsm ? "lsm" : "grid");
    set_num(f, "value_open", r->value_open);
    set_num(f, "flexible_npv", r->flexible_npv);
    set_num(f, "static_npv", r->static_npv);
    set_num(f, "irr", r->irr);
    set_num(f, "close_below", r->close_below);
    set_num(f, "reopen_above", r->reopen_above);
    set_num(f, "life_years", r->life_years);
    set_num(f, "crew", r->crew);
    set_num(f, "capital", r->capital);
    OGR_F_SetFieldInteger(f, OGR_F_GetFieldIndex(f, "worth_opening"), r->flexible_npv > 0);
    set_str(f, "price_series", w->series[i]);
    point(f, set->lon[i], set->lat[i]);
    if (OGR_L_CreateFeature(ls, f) != OGRERR_NONE)
      rc = soso_error_set(SOSO_EIO, "%s: cannot write: %s", path, CPLGetLastErrorMsg());
    OGR_F_Destroy(f);
  }
  for (size_t i = 0; !rc && i < w->n_deposits; i++) {
    OGRFeatureH f;
    if (w->skipped[i]) {
      f = OGR_F_Create(OGR_L_GetLayerDefn(lk));
      set_str(f, "deposit", set->id[i]);
      set_str(f, "name", set->name[i]);
      set_str(f, "reason", w->skipped[i]);
      if (OGR_L_CreateFeature(lk, f) != OGRERR_NONE)
        rc = soso_error_set(SOSO_EIO, "%s: cannot write: %s", path, CPLGetLastErrorMsg());
      OGR_F_Destroy(f);
      continue;
    }
    double best = NAN;
    for (size_t k = 0; k < w->n_rows; k++)
      if (w->rows[k].deposit == i && !(w->rows[k].flexible_npv <= best))
        best = w->rows[k].flexible_npv;
    f = OGR_F_Create(OGR_L_GetLayerDefn(lv));
    set_str(f, "deposit", set->id[i]);
    set_str(f, "name", set->name[i]);
    set_str(f, "country", set->country[i]);
    set_str(f, "main", set->main ? set->main[i] : NULL);
    set_num(f, "share_open", soso_sweep_share(w, i));
    OGR_F_SetFieldInteger(f, OGR_F_GetFieldIndex(f, "scenarios"), (int)w->n_scenarios);
    set_num(f, "best_flexible_npv", best);
    set_str(f, "price_series", w->series[i]);
    point(f, set->lon[i], set->lat[i]);
    if (OGR_L_CreateFeature(lv, f) != OGRERR_NONE)
      rc = soso_error_set(SOSO_EIO, "%s: cannot write: %s", path, CPLGetLastErrorMsg());
    OGR_F_Destroy(f);
  }
  GDALDatasetCommitTransaction(ds);
  OSRRelease(srs);
  GDALClose(ds);
  if (!rc && rename(tmp, path) != 0) rc = soso_error_set(SOSO_EIO, "%s: cannot write", path);
  if (rc) unlink(tmp);
  free(tmp);
  return rc;
}
