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
#include "soso/csv.h"
#include "soso/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Column of name in the header record, or -1. */
static long column(const soso_csv *r, const char *name) {
  for (size_t k = 0; k < soso_csv_count(r); k++)
    if (strcmp(soso_csv_field(r, k), name) == 0) return (long)k;
  return -1;
}

int dep_equiv_load(dep_equiv *eq, const char *data_dir) {
  char path[4096];
  memset(eq, 0, sizeof *eq);
  snprintf(path, sizeof path, "%s/metal_equivalents.csv", data_dir);
  soso_csv *r = NULL;
  int rc = soso_csv_open(&r, path, NULL);
  if (rc < 0) return rc;
  if ((rc = soso_csv_next(r)) < 0) goto done;
  long fc = column(r, "code"), fp = column(r, "price_usd_per_t"), fr = column(r, "recovery");
  rc = 0;
  if (fc < 0 || fp < 0 || fr < 0)
    rc = soso_error_set(SOSO_EDATA, "%s:1: code, price_usd_per_t, recovery: missing column",
                        path);
  int got;
  while (rc == 0 && (got = soso_csv_next(r)) != 0) {
    if (got < 0) {
      rc = got;
      break;
    }
    long line = soso_csv_line(r);
    double p = strtod(soso_csv_field(r, (size_t)fp), NULL);
    double rec = strtod(soso_csv_field(r, (size_t)fr), NULL);
    if (!(p > 0) || !(rec > 0 && rec <= 1))
      rc = soso_error_set(SOSO_EDATA, "%s:%ld: price_usd_per_t, recovery: need price > 0 and "
                          "0 < recovery <= 1", path, line);
    else if (eq->n == sizeof eq->price / sizeof eq->price[0])
      rc = soso_error_set(SOSO_EDATA, "%s:%ld: too many rows", path, line);
    else {
      snprintf(eq->code[eq->n], SOSO_CODE_MAX, "%s", soso_csv_field(r, (size_t)fc));
      eq->price[eq->n] = p;
      eq->recovery[eq->n] = rec;
      eq->n++;
    }
  }
done:
  soso_csv_free(r);
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
