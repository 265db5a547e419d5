/* output.c - a set of deposits as a table, CSV, JSON or GeoJSON.
 *
 * JSON and GeoJSON are built with jansson. JSON: an array of objects with id,
 * name, country, country_raw, lat, lon, status, deposit_type, ore_mt, category,
 * source, main, grades {code: {value, unit, contained_t}} (graded commodities,
 * plus contained-metal-only entries with value null), commodities [codes] and crm
 * [list years], eq when asked for, also [ids of duplicates collapsed into it]
 * when there are any; unknown numbers are null. GeoJSON (RFC 7946): a FeatureCollection
 * of Point features with [lon, lat] coordinates in WGS84 and the same members as
 * properties, grades flattened to "<code>_<unit>" keys (zn_pct, ag_gpt) so that
 * QGIS shows them as columns. CSV (RFC 4180): one row per deposit, a grade column
 * per commodity that occurs in the set, in first-seen order, and an `also`
 * column (ids joined by ';', empty when none). JSON and
 * GeoJSON add country_source (the source's own code) and country_differs (the point
 * lies in another country than the source says) when the set has them. The table
 * aligns by display width and never cuts an id.
 */
#define _POSIX_C_SOURCE 200809L
#include "deposits/deposits_int.h"
#include "soso/csv.h"
#include "soso/error.h"
#include "soso/suggest.h"
#include "soso/text.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int soso_deposits_format_parse(soso_deposits_format *out, const char *s) {
  if (strcmp(s, "table") == 0) *out = SOSO_FMT_TABLE;
  else if (strcmp(s, "csv") == 0) *out = SOSO_FMT_CSV;
  else if (strcmp(s, "json") == 0) *out = SOSO_FMT_JSON;
  else if (strcmp(s, "geojson") == 0) *out = SOSO_FMT_GEOJSON;
  else {
    char near[16], hint[48] = "";
    if (soso_suggest_list(near, sizeof near, s, "table|csv|json|geojson"))
      snprintf(hint, sizeof hint, " (did you mean \"%s\"?)", near);
    return soso_error_set(SOSO_EUSAGE, "format: \"%s\" is not table, csv, json or geojson%s", s,
                          hint);
  }
  return 0;
}

/* 1 when the point lies in another country than the source names (Kosovo under
 * Serbia; a historical state such as Yugoslavia that could not be resolved). */
static int country_differs(const soso_deposits *s, size_t i) {
  return s->country_source && s->country_raw[i][0] &&
         strcmp(s->country_source[i], s->country[i]) != 0;
}

static json_t *num_or_null(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static const char *unit_key(const char *unit) {
  return strcmp(unit, "%") == 0 ? "pct" : strcmp(unit, "g/t") == 0 ? "gpt" : unit;
}

/* The members shared by JSON objects and GeoJSON properties. */
static json_t *deposit_object(const soso_deposits *s, size_t i, int flat) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(s->id[i]));
  json_object_set_new(o, "name", json_string(s->name[i]));
  json_object_set_new(o, "country", json_string(s->country[i]));
  json_object_set_new(o, "country_raw", json_string(s->country_raw[i]));
  if (s->country_source) { /* the source's own code beside the country at the point */
    json_object_set_new(o, "country_source", json_string(s->country_source[i]));
    json_object_set_new(o, "country_differs", json_boolean(country_differs(s, i)));
  }
  if (!flat) {
    json_object_set_new(o, "lat", json_real(s->lat[i]));
    json_object_set_new(o, "lon", json_real(s->lon[i]));
  }
  json_object_set_new(o, "status", json_string(soso_deposits_status_name(s->status[i])));
  json_object_set_new(o, "deposit_type", json_string(s->deposit_type[i]));
  json_object_set_new(o, "ore_mt", num_or_null(s->ore_mt[i]));
  json_object_set_new(o, "category", json_string(s->category[i]));
  json_object_set_new(o, "source", json_string(s->source[i]));
  json_object_set_new(o, "main", json_string(s->main[i]));
  json_t *grades = json_object(), *comms = json_array(), *crm = json_array();
  for (size_t k = s->first[i]; k < s->first[i + 1]; k++) {
    const soso_grade *g = &s->items[k];
    json_array_append_new(comms, json_string(g->code));
    if (flat) {
      char key[40];
      if (isfinite(g->value)) {
        snprintf(key, sizeof key, "%s_%s", g->code, unit_key(g->unit));
        json_object_set_new(o, key, json_real(g->value));
      }
      if (isfinite(g->contained_t)) {
        snprintf(key, sizeof key, "%s_contained_t", g->code);
        json_object_set_new(o, key, json_real(g->contained_t));
      }
    } else if (isfinite(g->value) || isfinite(g->contained_t)) {
      json_t *go = json_object();
      json_object_set_new(go, "value", num_or_null(g->value));
      json_object_set_new(go, "unit", g->unit[0] ? json_string(g->unit) : json_null());
      json_object_set_new(go, "contained_t", num_or_null(g->contained_t));
      json_object_set_new(grades, g->code, go);
    }
  }
  for (int l = 0; l < SOSO_CRM_NLISTS; l++)
    if (s->crm[i] & (1u << l)) json_array_append_new(crm, json_integer(soso_deposits_crm_year(l)));
  if (flat) {
    json_decref(grades);
    char *c = json_dumps(comms, JSON_COMPACT);
    char *y = json_dumps(crm, JSON_COMPACT);
    json_decref(comms);
    json_decref(crm);
    /* QGIS shows list properties poorly: also give them as plain text */
    json_object_set_new(o, "commodities", json_string(c ? c : "[]"));
    json_object_set_new(o, "crm", json_string(y ? y : "[]"));
    free(c);
    free(y);
  } else {
    json_object_set_new(o, "grades", grades);
    json_object_set_new(o, "commodities", comms);
    json_object_set_new(o, "crm", crm);
  }
  if (isfinite(s->eq[i])) json_object_set_new(o, "eq", json_real(s->eq[i]));
  if (s->also && s->also[i]) { /* ids of duplicates collapsed into this record */
    if (flat) {
      json_object_set_new(o, "also", json_string(s->also[i]));
    } else {
      json_t *a = json_array();
      for (const char *p = s->also[i]; *p;) {
        size_t len = strcspn(p, ";");
        json_array_append_new(a, json_stringn(p, len));
        p += len + (p[len] == ';');
      }
      json_object_set_new(o, "also", a);
    }
  }
  return o;
}

static int dump(FILE *f, json_t *root) {
  int rc = json_dumpf(root, f, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
  json_decref(root);
  if (rc != 0 || fputc('\n', f) == EOF) return soso_error_set(SOSO_EIO, "cannot write JSON");
  return 0;
}

static int write_json(FILE *f, const soso_deposits *s) {
  json_t *arr = json_array();
  for (size_t i = 0; i < s->n; i++) json_array_append_new(arr, deposit_object(s, i, 0));
  return dump(f, arr);
}

static int write_geojson(FILE *f, const soso_deposits *s) {
  json_t *fc = json_object(), *feats = json_array();
  json_object_set_new(fc, "type", json_string("FeatureCollection"));
  for (size_t i = 0; i < s->n; i++) {
    json_t *ft = json_object(), *geom = json_object(), *xy = json_array();
    json_array_append_new(xy, json_real(s->lon[i]));
    json_array_append_new(xy, json_real(s->lat[i]));
    json_object_set_new(geom, "type", json_string("Point"));
    json_object_set_new(geom, "coordinates", xy);
    json_object_set_new(ft, "type", json_string("Feature"));
    json_object_set_new(ft, "id", json_string(s->id[i]));
    json_object_set_new(ft, "geometry", geom);
    json_object_set_new(ft, "properties", deposit_object(s, i, 1));
    json_array_append_new(feats, ft);
  }
  json_object_set_new(fc, "features", feats);
  return dump(f, fc);
}

/* One RFC 4180 field through the library's one CSV writer (include/soso/csv.h),
 * which also defuses spreadsheet formulas. */
static void csv_field(FILE *f, const char *s) { soso_csv_write_field(f, s, ','); }

typedef struct gcol {
  char code[SOSO_CODE_MAX]; /* commodity */
  char unit[4];             /* unit */
} gcol;

/* The distinct (code, unit) grade columns of s in first-seen order; caller frees. */
static gcol *grade_columns(const soso_deposits *s, size_t *n) {
  gcol *c = malloc((s->n_items + 1) * sizeof *c);
  *n = 0;
  if (!c) return NULL;
  for (size_t k = 0; k < s->n_items; k++) {
    const soso_grade *g = &s->items[k];
    if (!isfinite(g->value)) continue;
    size_t j;
    for (j = 0; j < *n; j++)
      if (strcmp(c[j].code, g->code) == 0 && strcmp(c[j].unit, g->unit) == 0) break;
    if (j == *n) {
      memcpy(c[*n].code, g->code, sizeof c[*n].code);
      memcpy(c[*n].unit, g->unit, sizeof c[*n].unit);
      (*n)++;
    }
  }
  return c;
}

static void crm_text(char *buf, size_t n, unsigned mask) {
  size_t len = 0;
  buf[0] = '\0';
  for (int l = 0; l < SOSO_CRM_NLISTS; l++)
    if (mask & (1u << l) && len + 6 < n)
      len += (size_t)snprintf(buf + len, n - len, "%s%d", len ? " " : "", soso_deposits_crm_year(l));
}

static int write_csv(FILE *f, const soso_deposits *s) {
  size_t nc;
  gcol *cols = grade_columns(s, &nc);
  if (!cols) return soso_error_set(SOSO_ENOMEM, "out of memory");
  fputs("id,name,country,lat,lon,status,deposit_type,ore_mt,main", f);
  for (size_t j = 0; j < nc; j++) fprintf(f, ",%s_%s", cols[j].code, unit_key(cols[j].unit));
  fputs(",commodities,crm,eq,also\n", f);
  for (size_t i = 0; i < s->n; i++) {
    csv_field(f, s->id[i]);
    fputc(',', f);
    csv_field(f, s->name[i]);
    fprintf(f, ",%s,%.6f,%.6f,%s,", s->country[i], s->lat[i], s->lon[i],
            soso_deposits_status_name(s->status[i]));
    csv_field(f, s->deposit_type[i]);
    fputc(',', f);
    if (isfinite(s->ore_mt[i])) fprintf(f, "%.10g", s->ore_mt[i]);
    fprintf(f, ",%s", s->main[i]);
    for (size_t j = 0; j < nc; j++) {
      fputc(',', f);
      for (size_t k = s->first[i]; k < s->first[i + 1]; k++)
        if (strcmp(s->items[k].code, cols[j].code) == 0 &&
            strcmp(s->items[k].unit, cols[j].unit) == 0 && isfinite(s->items[k].value))
          fprintf(f, "%.10g", s->items[k].value);
    }
    fputc(',', f);
    for (size_t k = s->first[i]; k < s->first[i + 1]; k++)
      fprintf(f, "%s%s", k > s->first[i] ? " " : "", s->items[k].code);
    char crm[64];
    crm_text(crm, sizeof crm, s->crm[i]);
    fprintf(f, ",%s,", crm);
    if (isfinite(s->eq[i])) fprintf(f, "%.4g", s->eq[i]);
    fputc(',', f);
    if (s->also && s->also[i]) csv_field(f, s->also[i]);
    fputc('\n', f);
  }
  free(cols);
  return ferror(f) ? soso_error_set(SOSO_EIO, "cannot write CSV") : 0;
}

/* A number for a table: no scientific notation, thousands separated, about
 * three significant digits ("27,200", "7.35", "0.0412"). */
static const char *plain(char *out, size_t n, double v) {
  return soso_text_sig(out, n, v, fabs(v) >= 1000 ? 4 : 3, ",");
}

/* Columns line up by display width (names with non-ASCII letters); ids are never
 * cut (the column is as wide as the longest); names longer than NAME_MAX_COLS are
 * shortened with an ellipsis (the full name is in CSV and JSON). */
static int write_table(FILE *f, const soso_deposits *s) {
  enum { NAME_MAX_COLS = 32 };
  size_t wid = strlen("id"), wname = strlen("name"), n_differs = 0;
  for (size_t i = 0; i < s->n; i++) {
    size_t w = soso_text_width(s->id[i]), wn = soso_text_width(s->name[i]);
    if (w > wid) wid = w;
    if (wn > wname) wname = wn > NAME_MAX_COLS ? NAME_MAX_COLS : wn;
  }
  soso_text_pad(f, "id", wid);
  fputc(' ', f);
  soso_text_pad(f, "name", wname);
  fprintf(f, " %-3s %8s %9s %-10s %9s  %s\n", "cc", "lat", "lon", "status", "ore_Mt", "grades");
  for (size_t i = 0; i < s->n; i++) {
    char ore[48] = "-", name[4 * NAME_MAX_COLS + 8], cc[8];
    if (isfinite(s->ore_mt[i])) plain(ore, sizeof ore, s->ore_mt[i]);
    soso_text_clip(name, sizeof name, s->name[i], wname);
    int differs = country_differs(s, i);
    n_differs += (size_t)differs;
    snprintf(cc, sizeof cc, "%s%s", s->country[i][0] ? s->country[i] : "--", differs ? "*" : "");
    soso_text_pad(f, s->id[i], wid);
    fputc(' ', f);
    soso_text_pad(f, name, wname);
    fprintf(f, " %-3s %8.3f %9.3f %-10.10s %9s ", cc, s->lat[i], s->lon[i],
            soso_deposits_status_name(s->status[i]), ore);
    for (size_t k = s->first[i]; k < s->first[i + 1]; k++) {
      const soso_grade *g = &s->items[k];
      char v[48];
      if (isfinite(g->value)) fprintf(f, " %s %s %s", g->code, plain(v, sizeof v, g->value), g->unit);
      else fprintf(f, " %s", g->code);
    }
    fputc('\n', f);
  }
  char nb[32];
  fprintf(f, "%s deposit%s\n", soso_text_number(nb, sizeof nb, (double)s->n, 0, ","),
          s->n == 1 ? "" : "s");
  if (n_differs)
    fprintf(f, "* %zu lie%s in another country than the source says (country_raw and "
               "country_source in JSON)\n", n_differs, n_differs == 1 ? "s" : "");
  return ferror(f) ? soso_error_set(SOSO_EIO, "cannot write the table") : 0;
}

int soso_deposits_write(FILE *f, const soso_deposits *set, soso_deposits_format fmt) {
  switch (fmt) {
    case SOSO_FMT_TABLE: return write_table(f, set);
    case SOSO_FMT_CSV: return write_csv(f, set);
    case SOSO_FMT_JSON: return write_json(f, set);
    case SOSO_FMT_GEOJSON: return write_geojson(f, set);
  }
  return soso_error_set(SOSO_EUSAGE, "format: unknown");
}
