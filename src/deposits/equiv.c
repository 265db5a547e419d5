/* equiv.c - metal-equivalent grades from prices and recoveries
 * (data/metal_equivalents.csv).
 *
 * Invariants: the recoverable value of a grade per tonne of ore is
 *   v = g * price * recovery, with g the mass fraction (value / 100 for %,
 *   value / 1e6 for g/t and ppm) and price in US$ per tonne of metal;
 * the equivalent grade of a deposit in commodity e is sum(v_i) / (price_e *
 * recovery_e), expressed in e's unit (% for base metals, g/t for precious).
 * Commodities without a price add nothing (an equivalent is then a lower bound).
 */
#define _POSIX_C_SOURCE 200809L
#include "deposits/deposits_int.h"
#include "soso/error.h"

#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <stdio.h>
#include <string.h>

int dep_equiv_load(dep_equiv *eq, const char *data_dir) {
  char path[4096];
  memset(eq, 0, sizeof *eq);
  snprintf(path, sizeof path, "%s/metal_equivalents.csv", data_dir);
  GDALDatasetH ds = dep_ogr_open(path);
  if (!ds) return soso_error_code();
  OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  int fc = OGR_FD_GetFieldIndex(defn, "code");
  int fp = OGR_FD_GetFieldIndex(defn, "price_usd_per_t");
  int fr = OGR_FD_GetFieldIndex(defn, "recovery");
  int rc = 0;
  if (fc < 0 || fp < 0 || fr < 0)
    rc = soso_error_set(SOSO_EDATA, "%s:1: code, price_usd_per_t, recovery: missing column",
                        path);
  OGRFeatureH f;
  long line = 1;
  while (rc == 0 && (f = OGR_L_GetNextFeature(layer)) != NULL) {
    line++;
    double p = OGR_F_GetFieldAsDouble(f, fp), r = OGR_F_GetFieldAsDouble(f, fr);
    if (!(p > 0) || !(r > 0 && r <= 1))
      rc = soso_error_set(SOSO_EDATA, "%s:%ld: price_usd_per_t, recovery: need price > 0 and "
                          "0 < recovery <= 1", path, line);
    else if (eq->n == sizeof eq->price / sizeof eq->price[0])
      rc = soso_error_set(SOSO_EDATA, "%s:%ld: too many rows", path, line);
    else {
      snprintf(eq->code[eq->n], SOSO_CODE_MAX, "%s", OGR_F_GetFieldAsString(f, fc));
      eq->price[eq->n] = p;
      eq->recovery[eq->n] = r;
      eq->n++;
    }
    OGR_F_Destroy(f);
  }
  GDALClose(ds);
  return rc;
}

int dep_equiv_find(const dep_equiv *eq, const char *code) {
  for (size_t k = 0; k < eq->n; k++)
    if (strcmp(eq->code[k], code) == 0) return (int)k;
  return -1;
}

double dep_equiv_value(const dep_equiv *eq, const char *code, double value, const char *unit) {
  int k = dep_equiv_find(eq, code);
  if (k < 0 || !isfinite(value) || !unit[0]) return NAN;
  double frac = strcmp(unit, "%") == 0 ? value / 100.0 : value / 1e6;
  return frac * eq->price[k] * eq->recovery[k];
}
