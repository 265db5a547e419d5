/* filter.c - screening filters from text: the one parser behind command-line
 * options (soso screen, districts, map) and the presets file.
 *
 * Invariants: soso_deposits_screen_opts_set() either applies the whole value or leaves
 * opts unchanged and returns SOSO_EUSAGE with "key: what is wrong". List values
 * are comma-separated; a list option given twice replaces the earlier list (so a
 * command-line option overrides the same key of a preset).
 */
#define _POSIX_C_SOURCE 200809L
#include "deposits/deposits_int.h"
#include "soso/error.h"
#include "soso/suggest.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void soso_deposits_screen_opts_init(soso_screen_opts *opts) {
  memset(opts, 0, sizeof *opts);
  opts->min_ore_mt = NAN;
  opts->max_ore_mt = NAN;
  opts->min_eq = NAN;
}

static int num(double *out, const char *key, const char *s) {
  char *end = NULL;
  errno = 0;
  while (isspace((unsigned char)*s)) s++;
  double v = strtod(s, &end);
  while (end && isspace((unsigned char)*end)) end++;
  if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v))
    return soso_error_set(SOSO_EUSAGE, "%s: \"%s\" is not a number", key, s);
  *out = v;
  return 0;
}

/* Splits value at commas into at most SOSO_SCREEN_MAX trimmed items in buf. */
static int split(char *buf, size_t n, char *items[SOSO_SCREEN_MAX], size_t *count,
                 const char *key, const char *value) {
  if ((size_t)snprintf(buf, n, "%s", value) >= n)
    return soso_error_set(SOSO_EUSAGE, "%s: value too long", key);
  *count = 0;
  char *save = NULL;
  for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
    while (isspace((unsigned char)*t)) t++;
    size_t len = strlen(t);
    while (len > 0 && isspace((unsigned char)t[len - 1])) t[--len] = '\0';
    if (!*t) continue;
    if (*count == SOSO_SCREEN_MAX)
      return soso_error_set(SOSO_EUSAGE, "%s: more than %d items", key, SOSO_SCREEN_MAX);
    items[(*count)++] = t;
  }
  if (*count == 0) return soso_error_set(SOSO_EUSAGE, "%s: empty list", key);
  return 0;
}

/* "code=number" */
static int code_value(char code[SOSO_CODE_MAX], double *v, const char *key, char *item) {
  char *eq = strchr(item, '=');
  if (!eq) return soso_error_set(SOSO_EUSAGE, "%s: \"%s\" is not CODE=VALUE", key, item);
  *eq = '\0';
  if (soso_deposits_commodity_code(code, item) < 0)
    return soso_error_set(SOSO_EUSAGE, "%s: \"%s\" is not a known commodity", key, item);
  if (num(v, key, eq + 1) < 0) return SOSO_EUSAGE;
  if (*v < 0) return soso_error_set(SOSO_EUSAGE, "%s: %s=%g is negative", key, code, *v);
  return 0;
}

int soso_deposits_screen_opts_set(soso_screen_opts *opts, const char *key, const char *value) {
  char buf[2048];
  char *items[SOSO_SCREEN_MAX];
  size_t n = 0;
  soso_screen_opts o = *opts;
  if (!key || !value) return soso_error_set(SOSO_EUSAGE, "filter: no key or value");
  if (strcmp(key, "commodity") == 0) {
    if (split(buf, sizeof buf, items, &n, key, value) < 0) return SOSO_EUSAGE;
    for (size_t k = 0; k < n; k++)
      if (soso_deposits_commodity_code(o.commodity[k], items[k]) < 0)
        return soso_error_set(SOSO_EUSAGE, "commodity: \"%s\" is not a known commodity",
                              items[k]);
    o.n_commodity = n;
  } else if (strcmp(key, "min-grade") == 0) {
    if (split(buf, sizeof buf, items, &n, key, value) < 0) return SOSO_EUSAGE;
    for (size_t k = 0; k < n; k++)
      if (code_value(o.min_grade[k].code, &o.min_grade[k].value, key, items[k]) < 0)
        return SOSO_EUSAGE;
    o.n_min_grade = n;
  } else if (strcmp(key, "max-ore-mt") == 0 || strcmp(key, "min-ore-mt") == 0) {
    double v;
    if (num(&v, key, value) < 0) return SOSO_EUSAGE;
    if (v < 0) return soso_error_set(SOSO_EUSAGE, "%s: %g is negative", key, v);
    if (key[1] == 'a') o.max_ore_mt = v;
    else o.min_ore_mt = v;
  } else if (strcmp(key, "status") == 0) {
    if (split(buf, sizeof buf, items, &n, key, value) < 0) return SOSO_EUSAGE;
    o.status_mask = 0;
    for (size_t k = 0; k < n; k++) {
      soso_status s;
      if (soso_deposits_status_parse(&s, items[k]) < 0) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", soso_error_last());
        return soso_error_set(SOSO_EUSAGE, "status: %s", msg);
      }
      o.status_mask |= 1u << s;
    }
  } else if (strcmp(key, "country") == 0) {
    if (split(buf, sizeof buf, items, &n, key, value) < 0) return SOSO_EUSAGE;
    for (size_t k = 0; k < n; k++)
      if (soso_deposits_country_code(o.country[k], items[k], NAN, NAN) < 0)
        return soso_error_set(SOSO_EUSAGE, "country: \"%s\" is not a country (ISO 3166-1 "
                              "alpha-2 code or name)", items[k]);
    o.n_country = n;
  } else if (strcmp(key, "bbox") == 0) {
    if (split(buf, sizeof buf, items, &n, key, value) < 0) return SOSO_EUSAGE;
    if (n != 4)
      return soso_error_set(SOSO_EUSAGE, "bbox: need minlon,minlat,maxlon,maxlat, got %zu "
                            "numbers", n);
    for (size_t k = 0; k < 4; k++)
      if (num(&o.bbox[k], key, items[k]) < 0) return SOSO_EUSAGE;
    if (o.bbox[0] < -180 || o.bbox[2] > 180 || o.bbox[0] > 180 || o.bbox[2] < -180 ||
        o.bbox[1] < -90 || o.bbox[3] > 90 || o.bbox[1] > o.bbox[3])
      return soso_error_set(SOSO_EUSAGE, "bbox: %s is not minlon,minlat,maxlon,maxlat in "
                            "degrees (lon in [-180, 180], lat in [-90, 90], minlat <= maxlat)",
                            value);
    o.has_bbox = 1;
  } else if (strcmp(key, "crm") == 0) {
    double y;
    if (num(&y, key, value) < 0) return SOSO_EUSAGE;
    if (y != floor(y) || soso_deposits_crm_index((int)y) < 0)
      return soso_error_set(SOSO_EUSAGE, "crm: %s is not a list year (2011, 2014, 2017, 2020, "
                            "2023, 2024)", value);
    o.crm_year = (int)y;
  } else if (strcmp(key, "min-eq") == 0) {
    if ((size_t)snprintf(buf, sizeof buf, "%s", value) >= sizeof buf)
      return soso_error_set(SOSO_EUSAGE, "min-eq: value too long");
    if (strchr(buf, ','))
      return soso_error_set(SOSO_EUSAGE, "min-eq: one CODE=VALUE only (e.g. zn=8)");
    if (code_value(o.eq_code, &o.min_eq, key, buf) < 0) return SOSO_EUSAGE;
  } else if (strcmp(key, "name") == 0) {
    if ((size_t)snprintf(o.name, sizeof o.name, "%s", value) >= sizeof o.name)
      return soso_error_set(SOSO_EUSAGE, "name: value too long");
    if (!o.name[0]) return soso_error_set(SOSO_EUSAGE, "name: empty");
  } else {
    static const char *const k_filters[] = {"commodity", "min-grade", "max-ore-mt",
                                            "min-ore-mt", "status", "country", "bbox",
                                            "crm", "min-eq", "name", NULL};
    char hint[80];
    return soso_error_set(SOSO_EUSAGE, "%s: not a filter%s (commodity, min-grade, max-ore-mt, "
                          "min-ore-mt, status, country, bbox, crm, min-eq, name)", key,
                          soso_suggest_hint(hint, sizeof hint, key, k_filters));
  }
  *opts = o;
  return 0;
}
