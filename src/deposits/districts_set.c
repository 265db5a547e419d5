/* districts_set.c - districts of a screened deposit set, and their output as a
 * table, CSV, JSON or GeoJSON (formats documented at soso_districts_write).
 *
 * Contained metal is in tonnes for every commodity (the deposit model's
 * invariant, deposits.h), so each district's sum is in tonnes too; commodities
 * without a contained figure in any member are left out of that district's
 * "contained" object rather than shown as 0. JSON is built with jansson; numbers
 * are rounded to what the inputs support (coordinates 1e-6 deg, km 0.01, Mt 1e-4,
 * t 0.1) so outputs do not carry binary noise.
 */
#include "soso/districts.h"

#include "soso/csv.h"
#include "soso/error.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int soso_districts_of_set(soso_districts **out, const soso_deposits *set, double eps_km,
                          size_t min_deposits) {
  *out = NULL;
  size_t n = set->n, nk = 0;
  const char **codes = malloc((set->n_items ? set->n_items : 1) * sizeof *codes);
  if (!codes) return soso_error_set(SOSO_ENOMEM, "districts: out of memory");
  for (size_t k = 0; k < set->n_items; k++) {
    if (!isfinite(set->items[k].contained_t)) continue;
    codes[nk++] = set->items[k].code;
  }
  qsort(codes, nk, sizeof *codes, cmp_str);
  size_t u = 0; /* distinct */
  for (size_t k = 0; k < nk; k++)
    if (u == 0 || strcmp(codes[u - 1], codes[k]) != 0) codes[u++] = codes[k];
  nk = u;
  double *cont = malloc((n * nk > 0 ? n * nk : 1) * sizeof *cont);
  if (!cont) {
    free(codes);
    return soso_error_set(SOSO_ENOMEM, "districts: out of memory");
  }
  for (size_t i = 0; i < n * nk; i++) cont[i] = NAN;
  for (size_t i = 0; i < n; i++)
    for (size_t k = set->first[i]; k < set->first[i + 1]; k++) {
      const soso_grade *g = &set->items[k];
      if (!isfinite(g->contained_t)) continue;
      const char *key = g->code;
      const char **hit = bsearch(&key, codes, nk, sizeof *codes, cmp_str);
      double *c = cont + i * nk + (size_t)(hit - codes);
      *c = isfinite(*c) ? *c + g->contained_t : g->contained_t;
    }
  soso_district_input in = {n, set->lat, set->lon, set->ore_mt, nk, cont, codes};
  int rc = soso_districts_find(out, &in, eps_km, min_deposits);
  free(cont);
  free(codes);
  return rc;
}

static double round_to(double v, double q) { return round(v / q) * q; }

/* Sums of the district's members that have a contained figure for column c:
 * NAN if none has (so "no data" is not shown as 0 t). */
static double contained_of(const soso_districts *ds, const soso_deposits *set, size_t k,
                           size_t c) {
  const soso_district *d = soso_districts_get(ds, k);
  const char *code = soso_districts_commodity(ds, c);
  for (size_t j = 0; j < d->n; j++)
    if (isfinite(soso_deposits_contained(set, d->members[j], code))) return d->contained[c];
  return NAN;
}

/* Distinct countries of the members, in member order. */
static json_t *countries(const soso_district *d, const soso_deposits *set) {
  json_t *a = json_array();
  for (size_t j = 0; j < d->n; j++) {
    const char *c = set->country[d->members[j]];
    if (!c[0]) continue;
    int seen = 0;
    for (size_t m = 0; m < json_array_size(a) && !seen; m++)
      seen = strcmp(json_string_value(json_array_get(a, m)), c) == 0;
    if (!seen) json_array_append_new(a, json_string(c));
  }
  return a;
}

static char *joined(json_t *a) {
  size_t len = 1;
  for (size_t m = 0; m < json_array_size(a); m++)
    len += strlen(json_string_value(json_array_get(a, m))) + 2;
  char *s = malloc(len);
  if (!s) return NULL;
  s[0] = '\0';
  for (size_t m = 0; m < json_array_size(a); m++) {
    if (m) strcat(s, "; ");
    strcat(s, json_string_value(json_array_get(a, m)));
  }
  return s;
}

static json_t *district_object(const soso_districts *ds, const soso_deposits *set, size_t k,
                               int flat) {
  const soso_district *d = soso_districts_get(ds, k);
  json_t *o = json_object(), *ids = json_array(), *names = json_array();
  json_object_set_new(o, "id", json_integer((json_int_t)k + 1));
  json_object_set_new(o, "n_deposits", json_integer((json_int_t)d->n));
  for (size_t j = 0; j < d->n; j++) {
    json_array_append_new(ids, json_string(set->id[d->members[j]]));
    json_array_append_new(names, json_string(set->name[d->members[j]]));
  }
  json_t *cc = countries(d, set);
  if (flat) {
    char *a = joined(ids), *b = joined(names), *c = joined(cc);
    json_object_set_new(o, "deposits", a ? json_string(a) : json_null());
    json_object_set_new(o, "names", b ? json_string(b) : json_null());
    json_object_set_new(o, "countries", c ? json_string(c) : json_null());
    free(a);
    free(b);
    free(c);
    json_decref(ids);
    json_decref(names);
    json_decref(cc);
  } else {
    json_object_set_new(o, "deposits", ids);
    json_object_set_new(o, "names", names);
    json_object_set_new(o, "countries", cc);
    json_t *cen = json_object();
    json_object_set_new(cen, "lat", json_real(round_to(d->lat, 1e-6)));
    json_object_set_new(cen, "lon", json_real(round_to(d->lon, 1e-6)));
    json_object_set_new(o, "centroid", cen);
  }
  json_object_set_new(o, "span_km", json_real(round_to(d->span_km, 0.01)));
  json_object_set_new(o, "ore_mt", json_real(round_to(d->ore_mt, 1e-4)));
  json_object_set_new(o, "n_ore", json_integer((json_int_t)d->n_ore));
  json_t *cont = json_object();
  for (size_t c = 0; c < soso_districts_commodities(ds); c++) {
    double v = contained_of(ds, set, k, c);
    if (!isfinite(v)) continue;
    const char *code = soso_districts_commodity(ds, c);
    if (flat) {
      char key[SOSO_CODE_MAX + 4];
      snprintf(key, sizeof key, "%s_t", code);
      json_object_set_new(o, key, json_real(round_to(v, 0.1)));
    } else {
      json_t *e = json_object();
      json_object_set_new(e, "value", json_real(round_to(v, 0.1)));
      json_object_set_new(e, "unit", json_string("t"));
      json_object_set_new(cont, code, e);
    }
  }
  if (flat) json_decref(cont);
  else json_object_set_new(o, "contained", cont);
  return o;
}

static int write_json(FILE *f, const soso_districts *ds, const soso_deposits *set, int geo) {
  json_t *arr = json_array();
  for (size_t k = 0; k < soso_districts_count(ds); k++) {
    json_t *o = district_object(ds, set, k, geo);
    if (!geo) {
      json_array_append_new(arr, o);
      continue;
    }
    const soso_district *d = soso_districts_get(ds, k);
    json_t *ft = json_object(), *g = json_object(), *xy = json_array();
    json_array_append_new(xy, json_real(round_to(d->lon, 1e-6)));
    json_array_append_new(xy, json_real(round_to(d->lat, 1e-6)));
    json_object_set_new(g, "type", json_string("Point"));
    json_object_set_new(g, "coordinates", xy);
    json_object_set_new(ft, "type", json_string("Feature"));
    json_object_set_new(ft, "geometry", g);
    json_object_set_new(ft, "properties", o);
    json_array_append_new(arr, ft);
  }
  json_t *root = arr;
  if (geo) {
    root = json_object();
    json_object_set_new(root, "type", json_string("FeatureCollection"));
    json_object_set_new(root, "features", arr);
  }
  int rc = json_dumpf(root, f, JSON_INDENT(1) | JSON_REAL_PRECISION(12));
  json_decref(root);
  if (rc != 0 || fputc('\n', f) == EOF) return soso_error_set(SOSO_EIO, "districts: write failed");
  return SOSO_OK;
}

static void csv_field(FILE *f, const char *s) { soso_csv_write_field(f, s, ','); }

static int write_csv(FILE *f, const soso_districts *ds, const soso_deposits *set) {
  size_t nk = soso_districts_commodities(ds);
  fputs("id,n_deposits,lat,lon,span_km,ore_mt,n_ore", f);
  for (size_t c = 0; c < nk; c++) fprintf(f, ",%s_t", soso_districts_commodity(ds, c));
  fputs(",deposits\r\n", f);
  for (size_t k = 0; k < soso_districts_count(ds); k++) {
    const soso_district *d = soso_districts_get(ds, k);
    fprintf(f, "%zu,%zu,%.6f,%.6f,%.2f,%.4f,%zu", k + 1, d->n, d->lat, d->lon, d->span_km,
            d->ore_mt, d->n_ore);
    for (size_t c = 0; c < nk; c++) {
      double v = contained_of(ds, set, k, c);
      if (isfinite(v)) fprintf(f, ",%.1f", v);
      else fputc(',', f);
    }
    fputc(',', f);
    json_t *ids = json_array();
    for (size_t j = 0; j < d->n; j++) json_array_append_new(ids, json_string(set->id[d->members[j]]));
    char *s = joined(ids);
    csv_field(f, s ? s : "");
    free(s);
    json_decref(ids);
    fputs("\r\n", f);
  }
  return ferror(f) ? soso_error_set(SOSO_EIO, "districts: write failed") : SOSO_OK;
}

/* The three largest contained figures, as "zn 71.2 kt, pb 38.2 kt". */
static void top_contained(char *buf, size_t cap, const soso_districts *ds,
                          const soso_deposits *set, size_t k) {
  size_t nk = soso_districts_commodities(ds), used[3] = {0}, nu = 0;
  buf[0] = '\0';
  for (size_t r = 0; r < 3; r++) {
    double best = 0;
    size_t bi = nk;
    for (size_t c = 0; c < nk; c++) {
      int taken = 0;
      for (size_t m = 0; m < nu; m++) taken |= used[m] == c;
      double v = contained_of(ds, set, k, c);
      if (!taken && isfinite(v) && v > best) {
        best = v;
        bi = c;
      }
    }
    if (bi == nk) break;
    used[nu++] = bi;
    size_t len = strlen(buf);
    const char *code = soso_districts_commodity(ds, bi);
    if (best >= 1000)
      snprintf(buf + len, cap - len, "%s%s %.1f kt", r ? ", " : "", code, best / 1000);
    else snprintf(buf + len, cap - len, "%s%s %.1f t", r ? ", " : "", code, best);
  }
}

static int write_table(FILE *f, const soso_districts *ds, const soso_deposits *set) {
  fprintf(f, "%4s %4s %9s %10s %8s %9s  %-34s %s\n", "id", "n", "lat", "lon", "span_km",
          "ore_mt", "contained (largest 3)", "deposits");
  for (size_t k = 0; k < soso_districts_count(ds); k++) {
    const soso_district *d = soso_districts_get(ds, k);
    char cont[128], names[160];
    top_contained(cont, sizeof cont, ds, set, k);
    names[0] = '\0';
    for (size_t j = 0; j < d->n; j++) {
      size_t len = strlen(names);
      const char *nm = set->name[d->members[j]][0] ? set->name[d->members[j]]
                                                   : set->id[d->members[j]];
      if (len + strlen(nm) + 8 >= sizeof names) {
        snprintf(names + len, sizeof names - len, ", ... (%zu)", d->n);
        break;
      }
      snprintf(names + len, sizeof names - len, "%s%s", j ? ", " : "", nm);
    }
    fprintf(f, "%4zu %4zu %9.4f %10.4f %8.1f %9.3f  %-34s %s\n", k + 1, d->n, d->lat, d->lon,
            d->span_km, d->ore_mt, cont, names);
  }
  fprintf(f, "%zu districts\n", soso_districts_count(ds));
  return ferror(f) ? soso_error_set(SOSO_EIO, "districts: write failed") : SOSO_OK;
}

int soso_districts_write(FILE *f, const soso_districts *ds, const soso_deposits *set,
                         soso_deposits_format fmt) {
  switch (fmt) {
    case SOSO_FMT_CSV: return write_csv(f, ds, set);
    case SOSO_FMT_JSON: return write_json(f, ds, set, 0);
    case SOSO_FMT_GEOJSON: return write_json(f, ds, set, 1);
    case SOSO_FMT_TABLE: break;
  }
  return write_table(f, ds, set);
}
