/* explain.c - why a screen came back empty: how many deposits each filter removes,
 * alone and in turn, and the nearest misses - deposits that one filter alone kept
 * out, with the value that failed.
 *
 * Invariants: the verdicts are dep_filter_fails(), the same function the screen
 * applies, on the same set (every deposit of the store, deduplicated as the screen
 * would), so the counts add up to what `soso screen` saw. "Nearest" orders the
 * single-filter misses by how far the failing value is from its threshold, relative
 * to the threshold (a grade of 4.6 % against 5 % is 0.08 away); misses on a
 * category (country, status, commodity, CRM list) or an unknown value come after.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* M_PI */
#include "deposits/deposits_int.h"
#include "soso/districts.h"
#include "soso/error.h"
#include "soso/geo.h"
#include "soso/text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NEAR_MAX = 5 };

static const char *const k_names[SOSO_FILTER_N] = {"commodity", "min-grade", "min-ore-mt",
                                                   "max-ore-mt", "status", "country",
                                                   "bbox", "crm", "min-eq", "name"};

/* A growing text buffer. */
typedef struct buf {
  char *s;
  size_t len, cap;
  int oom;
} buf;

static void put(buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void put(buf *b, const char *fmt, ...) {
  if (b->oom) return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (b->len + (size_t)n + 1 > b->cap) {
    size_t nc = b->cap ? b->cap : 1024;
    while (nc < b->len + (size_t)n + 1) nc *= 2;
    char *p = realloc(b->s, nc);
    if (!p) {
      b->oom = 1;
      return;
    }
    b->s = p;
    b->cap = nc;
  }
  va_start(ap, fmt);
  vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

/* The filter's setting as the user wrote it. */
static void setting(char *out, size_t n, const soso_screen_opts *o, int f) {
  size_t len = 0;
  out[0] = '\0';
#define ADD(...) len += (size_t)snprintf(out + len, len < n ? n - len : 0, __VA_ARGS__)
  switch (f) {
  case SOSO_FILTER_COMMODITY:
    for (size_t k = 0; k < o->n_commodity; k++) ADD("%s%s", k ? "," : "", o->commodity[k]);
    break;
  case SOSO_FILTER_MIN_GRADE:
    for (size_t k = 0; k < o->n_min_grade; k++)
      ADD("%s%s=%g", k ? "," : "", o->min_grade[k].code, o->min_grade[k].value);
    break;
  case SOSO_FILTER_MIN_ORE: ADD("%g Mt", o->min_ore_mt); break;
  case SOSO_FILTER_MAX_ORE: ADD("%g Mt", o->max_ore_mt); break;
  case SOSO_FILTER_STATUS:
    for (int s = 0, first = 1; s <= (int)SOSO_STATUS_OCCURRENCE; s++)
      if (o->status_mask & (1u << s)) {
        ADD("%s%s", first ? "" : ",", soso_deposits_status_name((soso_status)s));
        first = 0;
      }
    break;
  case SOSO_FILTER_COUNTRY:
    for (size_t k = 0; k < o->n_country; k++) ADD("%s%s", k ? "," : "", o->country[k]);
    break;
  case SOSO_FILTER_BBOX:
    ADD("%g,%g,%g,%g", o->bbox[0], o->bbox[1], o->bbox[2], o->bbox[3]);
    break;
  case SOSO_FILTER_CRM: ADD("%d list", o->crm_year); break;
  case SOSO_FILTER_NAME: ADD("%s", o->name); break;
  default: ADD("%s=%g", o->eq_code, o->min_eq); break;
  }
#undef ADD
}

/* Screening grade of code in deposit i (% base, g/t precious), NAN if none. */
static double grade_of(const soso_deposits *s, size_t i, const char *code) {
  const char *unit = "";
  double v = soso_deposits_grade(s, i, code, &unit);
  if (!isfinite(v)) return NAN;
  int precious = soso_deposits_commodity_is_precious(code);
  if (strcmp(unit, "%") == 0) return precious ? v * 1e4 : v;
  return precious ? v : v / 1e4;
}

/* What deposit i shows for filter f, and how far it is from passing (relative;
 * 2 for a category or an unknown value). */
/* The mean position of the deposits in the asked countries (for ranking the
 * country misses by distance); *ok 0 when there are none. */
static void country_centre(const soso_screen_opts *o, const soso_deposits *s, double *lat,
                           double *lon, int *ok) {
  double x = 0, y = 0, z = 0;
  size_t n = 0;
  for (size_t i = 0; i < s->n; i++)
    for (size_t q = 0; q < o->n_country; q++)
      if (strcmp(s->country[i], o->country[q]) == 0) {
        double la = s->lat[i] * M_PI / 180, lo = s->lon[i] * M_PI / 180;
        x += cos(la) * cos(lo);
        y += cos(la) * sin(lo);
        z += sin(la);
        n++;
        break;
      }
  *ok = n > 0;
  if (n) {
    *lat = atan2(z, sqrt(x * x + y * y)) * 180 / M_PI;
    *lon = atan2(y, x) * 180 / M_PI;
  }
}

typedef struct centre {
  int ok;          /* a centre exists */
  double lat, lon; /* mean position of the asked countries' deposits */
} centre;

static double miss(char *out, size_t n, const soso_screen_opts *o, const soso_deposits *s,
                   size_t i, int f, const centre *cc) {
  double far = 2;
  switch (f) {
  case SOSO_FILTER_COMMODITY: {
    size_t len = (size_t)snprintf(out, n, "has");
    for (size_t k = s->first[i]; k < s->first[i + 1] && k < s->first[i] + 5 && len < n; k++)
      len += (size_t)snprintf(out + len, n - len, " %s", s->items[k].code);
    if (s->first[i + 1] == s->first[i]) snprintf(out, n, "no commodity listed");
    return far;
  }
  case SOSO_FILTER_MIN_GRADE:
    for (size_t q = 0; q < o->n_min_grade; q++) {
      const soso_min_grade *g = &o->min_grade[q];
      double v = grade_of(s, i, g->code);
      if (v >= g->value) continue;
      const char *u = soso_deposits_commodity_is_precious(g->code) ? "g/t" : "%";
      if (isfinite(v)) {
        snprintf(out, n, "%s %.3g %s < %g", g->code, v, u, g->value);
        return g->value > 0 ? (g->value - v) / g->value : far;
      }
      snprintf(out, n, "no %s grade", g->code);
      return far;
    }
    break;
  case SOSO_FILTER_MIN_ORE:
  case SOSO_FILTER_MAX_ORE: {
    double v = s->ore_mt[i], lim = f == SOSO_FILTER_MIN_ORE ? o->min_ore_mt : o->max_ore_mt;
    if (!isfinite(v)) {
      snprintf(out, n, "tonnage unknown");
      return far;
    }
    snprintf(out, n, "ore %.3g Mt %s %g", v, f == SOSO_FILTER_MIN_ORE ? "<" : ">", lim);
    return lim > 0 ? fabs(v - lim) / lim : far;
  }
  case SOSO_FILTER_STATUS: snprintf(out, n, "status %s", soso_deposits_status_name(s->status[i])); break;
  case SOSO_FILTER_COUNTRY:
    if (s->country_source && strcmp(s->country_source[i], s->country[i]) != 0)
      snprintf(out, n, "lies in %s (the source says %s)", s->country[i][0] ? s->country[i] : "--",
               s->country_raw[i][0] ? s->country_raw[i] : "nothing");
    else snprintf(out, n, "lies in %s", s->country[i][0] ? s->country[i] : "no known country");
    /* nearest: the source itself names a country asked for; then by distance
     * from the asked countries' deposits (after every numeric near miss) */
    if (s->country_source)
      for (size_t q = 0; q < o->n_country; q++)
        if (strcmp(s->country_source[i], o->country[q]) == 0) return 1;
    if (cc->ok) return 1.5 + soso_geo_km(cc->lat, cc->lon, s->lat[i], s->lon[i]) / 4e4;
    break;
  case SOSO_FILTER_BBOX: snprintf(out, n, "at %.3f, %.3f", s->lat[i], s->lon[i]); break;
  case SOSO_FILTER_CRM: snprintf(out, n, "no commodity on the %d list", o->crm_year); break;
  case SOSO_FILTER_NAME: snprintf(out, n, "named otherwise"); break;
  default:
    if (isfinite(s->eq[i])) {
      snprintf(out, n, "%sEq %.3g < %g", o->eq_code, s->eq[i], o->min_eq);
      return o->min_eq > 0 ? (o->min_eq - s->eq[i]) / o->min_eq : far;
    }
    snprintf(out, n, "%sEq not computable (no priced grade)", o->eq_code);
    break;
  }
  return far;
}

typedef struct near {
  size_t i;      /* deposit */
  int f;         /* the one filter it fails */
  double far;    /* distance from passing */
} near;

static int cmp_near(const void *pa, const void *pb) {
  const near *a = pa, *b = pb;
  if (a->far != b->far) return a->far < b->far ? -1 : 1;
  return a->i < b->i ? -1 : a->i > b->i;
}

int soso_deposits_screen_explain(char **out, soso_store *store, const soso_screen_opts *opts,
                        const char *data_dir) {
  *out = NULL;
  soso_deposits *all = NULL;
  int rc = dep_screen_all(&all, store, opts, data_dir);
  if (rc < 0) return rc;
  size_t fails_alone[SOSO_FILTER_N] = {0}, removed[SOSO_FILTER_N] = {0}, n_near = 0, kept = 0;
  near *nr = calloc(all->n + 1, sizeof *nr);
  buf b = {0};
  centre cc = {0, 0, 0};
  country_centre(opts, all, &cc.lat, &cc.lon, &cc.ok);
  if (!nr) {
    soso_deposits_free(all);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  for (size_t i = 0; i < all->n; i++) {
    unsigned m = dep_filter_fails(opts, all, i);
    if (!m) {
      kept++;
      continue;
    }
    for (int f = 0; f < SOSO_FILTER_N; f++)
      if (m & (1u << f)) fails_alone[f]++;
    for (int f = 0; f < SOSO_FILTER_N; f++) /* the first filter it fails removes it */
      if (m & (1u << f)) {
        removed[f]++;
        break;
      }
    if ((m & (m - 1)) == 0) { /* exactly one filter */
      int f = 0;
      while (!(m & (1u << f))) f++;
      char tmp[160];
      nr[n_near++] = (near){i, f, miss(tmp, sizeof tmp, opts, all, i, f, &cc)};
    }
  }
  char num[3][32];
  put(&b, "%s deposit%s of %s in the store meet%s every filter%s\n",
      kept ? soso_text_number(num[0], sizeof num[0], (double)kept, 0, ",") : "no",
      kept == 1 ? "" : "s", soso_text_number(num[1], sizeof num[1], (double)all->n, 0, ","),
      kept == 1 ? "s" : "", opts->preset[0] ? " (preset and options)" : "");
  put(&b, "  %-12s %-22s %12s %12s %10s\n", "filter", "setting", "fail it", "removed", "left");
  size_t left = all->n;
  for (int f = 0; f < SOSO_FILTER_N; f++) {
    char set[160];
    setting(set, sizeof set, opts, f);
    int on = (f == SOSO_FILTER_COMMODITY && opts->n_commodity) ||
             (f == SOSO_FILTER_MIN_GRADE && opts->n_min_grade) ||
             (f == SOSO_FILTER_MIN_ORE && !isnan(opts->min_ore_mt)) ||
             (f == SOSO_FILTER_MAX_ORE && !isnan(opts->max_ore_mt)) ||
             (f == SOSO_FILTER_STATUS && opts->status_mask) ||
             (f == SOSO_FILTER_COUNTRY && opts->n_country) ||
             (f == SOSO_FILTER_BBOX && opts->has_bbox) || (f == SOSO_FILTER_CRM && opts->crm_year) ||
             (f == SOSO_FILTER_MIN_EQ && opts->eq_code[0]) || (f == SOSO_FILTER_NAME && opts->name[0]);
    if (!on) continue;
    left -= removed[f];
    put(&b, "  %-12s %-22s %12s %12s %10s\n", k_names[f], set,
        soso_text_number(num[0], sizeof num[0], (double)fails_alone[f], 0, ","),
        soso_text_number(num[1], sizeof num[1], (double)removed[f], 0, ","),
        soso_text_number(num[2], sizeof num[2], (double)left, 0, ","));
  }
  put(&b, "  (fail it: deposits that fail this filter; removed: by this filter after the ones "
          "above)\n");
  if (n_near) {
    qsort(nr, n_near, sizeof *nr, cmp_near);
    put(&b, "nearest misses, kept out by one filter only (%zu in all):\n", n_near);
    for (size_t k = 0; k < n_near && k < NEAR_MAX; k++) {
      char why[160];
      size_t i = nr[k].i;
      miss(why, sizeof why, opts, all, i, nr[k].f, &cc);
      put(&b, "  %s \"%s\" (%s): %s: %s\n", all->id[i], all->name[i],
          all->country[i][0] ? all->country[i] : "--", k_names[nr[k].f], why);
    }
  } else if (!kept) {
    put(&b, "no deposit fails only one filter: loosen two or more\n");
  }
  free(nr);
  soso_deposits_free(all);
  if (b.oom) {
    free(b.s);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  *out = b.s;
  return 0;
}
