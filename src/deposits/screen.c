/* screen.c - `soso screen`: the deposits of the store that meet the filters, as a
 * soso_deposits set of parallel arrays.
 *
 * Invariants: position, tonnage and status filters also run in SQL (to read less);
 * every filter runs here, in one place (dep_filter_fails), on each deposit as it enters
 * the set: the country filter needs the country at the point (soso_borders, the
 * shipped Natural Earth boundaries), and soso_deposits_screen_explain needs each filter's
 * verdict on each deposit.
 * List filters match any item; all filters given must hold. Grades compare in the
 * commodity's screening unit: % for base metals, g/t for precious metals (ppm is
 * g/t by mass; a base metal in ppm or g/t is divided by 1e4; a precious metal in %
 * multiplied by 1e4). A deposit without the grade or the tonnage a filter asks
 * about fails that filter. The set is sorted by id; each deposit's commodities
 * start with its main one.
 */
#define _POSIX_C_SOURCE 200809L
#include "deposits/deposits_int.h"
#include "soso/error.h"
#include "soso/text.h"
#include "core/store_int.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void soso_deposits_free(soso_deposits *s) {
  if (!s) return;
  char **strs[] = {s->id, s->name, s->country, s->country_raw, s->deposit_type, s->category,
                   s->source};
  for (size_t a = 0; a < sizeof strs / sizeof strs[0]; a++) soso_deposits_strv_free(strs[a], s->n);
  soso_deposits_strv_free(s->also, s->n);
  soso_deposits_strv_free(s->country_source, s->n);
  free(s->lat);
  free(s->lon);
  free(s->ore_mt);
  free(s->status);
  free(s->main);
  free(s->crm);
  free(s->eq);
  free(s->first);
  free(s->items);
  free(s);
}

/* Grows every per-deposit array of s to hold cap deposits. */
static int grow(soso_deposits *s, size_t *cap, size_t need) {
  if (need <= *cap) return 0;
  size_t nc = *cap ? *cap * 2 : 256;
  while (nc < need) nc *= 2;
#define GROW(f)                                                    \
  do {                                                             \
    void *p = realloc(s->f, nc * sizeof *s->f);                    \
    if (!p) return soso_error_set(SOSO_ENOMEM, "out of memory");   \
    s->f = p;                                                      \
  } while (0)
  GROW(id); GROW(name); GROW(country); GROW(country_raw); GROW(deposit_type);
  GROW(category); GROW(source); GROW(lat); GROW(lon); GROW(ore_mt); GROW(status);
  GROW(main); GROW(crm); GROW(eq); GROW(country_source);
#undef GROW
  void *p = realloc(s->first, (nc + 1) * sizeof *s->first);
  if (!p) return soso_error_set(SOSO_ENOMEM, "out of memory");
  s->first = p;
  *cap = nc;
  return 0;
}

static char *dup_col(sqlite3_stmt *st, int c) {
  const unsigned char *t = sqlite3_column_text(st, c);
  return strdup(t ? (const char *)t : "");
}

static double col_real(sqlite3_stmt *st, int c) {
  return sqlite3_column_type(st, c) == SQLITE_NULL ? NAN : sqlite3_column_double(st, c);
}

/* Grade in the screening unit of its commodity (see top). */
static double screening_grade(const soso_grade *g) {
  if (!isfinite(g->value)) return NAN;
  int precious = soso_deposits_commodity_is_precious(g->code);
  if (strcmp(g->unit, "%") == 0) return precious ? g->value * 1e4 : g->value;
  return precious ? g->value : g->value / 1e4;
}

typedef struct ctx {
  const soso_screen_opts *o; /* filters */
  soso_crm *crm;             /* CRM lists */
  dep_equiv eq;              /* prices and recoveries */
  int eq_index;              /* index of o->eq_code in eq, or -1 */
  soso_borders *borders;     /* country boundaries for the point's country */
  int keep_all;              /* 1: keep every deposit (soso_deposits_screen_explain) */
} ctx;

/* Main commodity: the graded one of largest recoverable value per t of ore when
 * every graded commodity has a price (values cannot be compared otherwise), else
 * the first graded, else the first listed. Returns its index in items. */
static size_t main_of(const ctx *c, const soso_grade *items, size_t n) {
  size_t best = 0, first = n;
  double best_v = -1;
  for (size_t k = 0; k < n; k++) {
    if (!isfinite(items[k].value)) continue;
    if (first == n) first = k;
    double v = dep_equiv_value(&c->eq, items[k].code, items[k].value, items[k].unit);
    if (!isfinite(v)) return first < n ? first : 0; /* an unpriced grade: file order */
    if (v > best_v) {
      best_v = v;
      best = k;
    }
  }
  return first == n ? 0 : best;
}

/* CRM bits and the metal-equivalent grade of a deposit's commodities. */
static void crm_eq(const ctx *c, const soso_grade *items, size_t n, unsigned *crm, double *eq) {
  const soso_screen_opts *o = c->o;
  *crm = 0;
  for (size_t k = 0; k < n; k++) *crm |= soso_deposits_crm_mask(c->crm, items[k].code);
  *eq = NAN;
  if (c->eq_index >= 0) {
    double v = 0;
    int any = 0;
    for (size_t k = 0; k < n; k++) {
      double x = dep_equiv_value(&c->eq, items[k].code, items[k].value, items[k].unit);
      if (isfinite(x)) {
        v += x;
        any = 1;
      }
    }
    int e = c->eq_index;
    double frac = v / (c->eq.price[e] * c->eq.recovery[e]);
    if (any) *eq = soso_deposits_commodity_is_precious(o->eq_code) ? frac * 1e6 : frac * 100;
  }
}

/* The filters deposit i of s fails: bit SOSO_FILTER_* per filter (0: it passes).
 * The one implementation of the filters' meaning. */
unsigned dep_filter_fails(const soso_screen_opts *o, const soso_deposits *s, size_t i) {
  unsigned m = 0;
  const soso_grade *items = s->items + s->first[i];
  size_t n = s->first[i + 1] - s->first[i];
  if (o->n_commodity) {
    int hit = 0;
    for (size_t q = 0; q < o->n_commodity && !hit; q++)
      for (size_t k = 0; k < n && !hit; k++) hit = strcmp(items[k].code, o->commodity[q]) == 0;
    if (!hit) m |= 1u << SOSO_FILTER_COMMODITY;
  }
  for (size_t q = 0; q < o->n_min_grade; q++) {
    int ok = 0;
    for (size_t k = 0; k < n && !ok; k++)
      if (strcmp(items[k].code, o->min_grade[q].code) == 0)
        ok = screening_grade(&items[k]) >= o->min_grade[q].value;
    if (!ok) m |= 1u << SOSO_FILTER_MIN_GRADE;
  }
  if (!isnan(o->min_ore_mt) && !(s->ore_mt[i] >= o->min_ore_mt)) m |= 1u << SOSO_FILTER_MIN_ORE;
  if (!isnan(o->max_ore_mt) && !(s->ore_mt[i] <= o->max_ore_mt)) m |= 1u << SOSO_FILTER_MAX_ORE;
  if (o->status_mask && !(o->status_mask & (1u << s->status[i]))) m |= 1u << SOSO_FILTER_STATUS;
  if (o->n_country) {
    int hit = 0;
    for (size_t q = 0; q < o->n_country && !hit; q++) hit = strcmp(s->country[i], o->country[q]) == 0;
    if (!hit) m |= 1u << SOSO_FILTER_COUNTRY;
  }
  if (o->has_bbox) {
    double lat = s->lat[i], lon = s->lon[i];
    int in_lat = lat >= o->bbox[1] && lat <= o->bbox[3];
    int in_lon = o->bbox[0] <= o->bbox[2] ? lon >= o->bbox[0] && lon <= o->bbox[2]
                                          : lon >= o->bbox[0] || lon <= o->bbox[2];
    if (!(in_lat && in_lon)) m |= 1u << SOSO_FILTER_BBOX;
  }
  if (o->crm_year && !(s->crm[i] & (1u << soso_deposits_crm_index(o->crm_year)))) m |= 1u << SOSO_FILTER_CRM;
  if (o->eq_code[0] && !(isfinite(s->eq[i]) && s->eq[i] >= o->min_eq)) m |= 1u << SOSO_FILTER_MIN_EQ;
  if (o->name[0] && !soso_text_contains(s->name[i], o->name)) m |= 1u << SOSO_FILTER_NAME;
  return m;
}

/* No filter (what soso_deposits_screen_opts_init gives); for soso_deposits_screen_explain's SQL. */
static const soso_screen_opts k_none = {.min_ore_mt = NAN, .max_ore_mt = NAN, .min_eq = NAN};

/* Appends a WHERE clause for the SQL-side filters; binds follow in bind_sql. */
static void build_sql(char *sql, size_t n, const soso_screen_opts *o, const char *id,
                      int keep_all) {
  size_t len = (size_t)snprintf(
      sql, n,
      "SELECT d.id, d.name, d.country, d.country_raw, d.lat, d.lon, d.status, "
      "d.deposit_type, d.ore_mt, d.category, d.source, c.code, c.value, c.unit, "
      "c.contained_t, c.rank FROM deposit d "
      "LEFT JOIN deposit_commodity c ON c.deposit_id = d.id "
      "WHERE 1");
#define ADD(...) len += (size_t)snprintf(sql + len, n - len, __VA_ARGS__)
  if (id) ADD(" AND d.id = :id");
  if (keep_all) o = &k_none;
  if (!isnan(o->min_ore_mt)) ADD(" AND d.ore_mt >= :minore");
  if (!isnan(o->max_ore_mt)) ADD(" AND d.ore_mt <= :maxore");
  if (o->has_bbox) {
    ADD(" AND d.lat BETWEEN :minlat AND :maxlat");
    if (o->bbox[0] <= o->bbox[2]) ADD(" AND d.lon BETWEEN :minlon AND :maxlon");
    else ADD(" AND (d.lon >= :minlon OR d.lon <= :maxlon)"); /* across the antimeridian */
  }
  if (o->status_mask) {
    ADD(" AND d.status IN (''");
    for (int s = 0; s <= (int)SOSO_STATUS_OCCURRENCE; s++)
      if (o->status_mask & (1u << s)) ADD(",'%s'", soso_deposits_status_name((soso_status)s));
    ADD(")");
  }
  /* the country filter runs in C: it needs the country at the point */
  ADD(" ORDER BY d.id"); /* the id index gives this order; ranks are sorted in C */
#undef ADD
}

static void bind_sql(sqlite3_stmt *st, const soso_screen_opts *o, const char *id) {
#define BIND(name, v)                                                  \
  do {                                                                 \
    int i_ = sqlite3_bind_parameter_index(st, name);                   \
    if (i_ > 0) sqlite3_bind_double(st, i_, v);                        \
  } while (0)
  if (id) sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":id"), id, -1,
                            SQLITE_STATIC);
  BIND(":minore", o->min_ore_mt);
  BIND(":maxore", o->max_ore_mt);
  BIND(":minlon", o->bbox[0]);
  BIND(":minlat", o->bbox[1]);
  BIND(":maxlon", o->bbox[2]);
  BIND(":maxlat", o->bbox[3]);
#undef BIND
}

/* The deposit columns of the row group being read. */
typedef struct pending {
  char *str[7];      /* id, name, country, country_raw, deposit_type, category, source */
  double lat, lon;   /* WGS84 */
  double ore_mt;     /* NAN unknown */
  soso_status status;
} pending;

static void pending_clear(pending *p) {
  for (size_t k = 0; k < 7; k++) free(p->str[k]);
  memset(p, 0, sizeof *p);
}

static int pending_load(pending *p, sqlite3_stmt *st) {
  static const int cols[7] = {0, 1, 2, 3, 7, 9, 10};
  for (size_t k = 0; k < 7; k++)
    if (!(p->str[k] = dup_col(st, cols[k]))) return soso_error_set(SOSO_ENOMEM, "out of memory");
  p->lat = sqlite3_column_double(st, 4);
  p->lon = sqlite3_column_double(st, 5);
  p->ore_mt = col_real(st, 8);
  const unsigned char *t = sqlite3_column_text(st, 6);
  if (soso_deposits_status_parse(&p->status, t ? (const char *)t : "") < 0) {
    soso_error_clear();
    p->status = SOSO_STATUS_UNKNOWN;
  }
  return 0;
}

/* Moves the pending deposit into s, then takes it out again unless it passes the
 * filters (or keep_all). */
static int flush(soso_deposits *s, size_t *cap, size_t *icap, const ctx *c, pending *p,
                 const soso_grade *items, size_t n_items) {
  unsigned crm;
  double eq;
  int rc;
  crm_eq(c, items, n_items, &crm, &eq);
  if ((rc = grow(s, cap, s->n + 1)) < 0) return rc;
  if (s->n_items + n_items > *icap) {
    size_t nc = *icap ? *icap * 2 : 1024;
    while (nc < s->n_items + n_items) nc *= 2;
    soso_grade *np = realloc(s->items, nc * sizeof *np);
    if (!np) return soso_error_set(SOSO_ENOMEM, "out of memory");
    s->items = np;
    *icap = nc;
  }
  size_t i = s->n, m = main_of(c, items, n_items);
  char at[3];
  if ((rc = soso_deposits_borders_country(c->borders, at, p->lat, p->lon)) < 0) return rc;
  /* the source's code stays beside the country at the point */
  char *src = p->str[2];
  s->country_source[i] = src;
  if (at[0]) {
    if (!(p->str[2] = strdup(at))) {
      p->str[2] = src;
      return soso_error_set(SOSO_ENOMEM, "out of memory");
    }
  } else if (!(p->str[2] = strdup(src))) {
    p->str[2] = src;
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  size_t n0 = s->n_items;
  s->first[i] = s->n_items;
  if (n_items) s->items[s->n_items++] = items[m];
  for (size_t k = 0; k < n_items; k++)
    if (k != m) s->items[s->n_items++] = items[k];
  s->first[i + 1] = s->n_items;
  s->id[i] = p->str[0];
  s->name[i] = p->str[1];
  s->country[i] = p->str[2];
  s->country_raw[i] = p->str[3];
  s->deposit_type[i] = p->str[4];
  s->category[i] = p->str[5];
  s->source[i] = p->str[6];
  s->lat[i] = p->lat;
  s->lon[i] = p->lon;
  s->ore_mt[i] = p->ore_mt;
  s->status[i] = p->status;
  s->crm[i] = crm;
  s->eq[i] = eq;
  if (!c->keep_all && dep_filter_fails(c->o, s, i) != 0) { /* not in the set after all */
    s->n_items = n0;
    free(s->country_source[i]);
    pending_clear(p);
    return 0;
  }
  memset(p->str, 0, sizeof p->str);
  s->n++;
  return 0;
}

/* Points main[] into items (after items stopped moving). */
static void set_main(soso_deposits *s) {
  for (size_t i = 0; i < s->n; i++)
    s->main[i] = s->first[i + 1] > s->first[i] ? s->items[s->first[i]].code : "";
}

static int run(soso_deposits **out, soso_store *store, const soso_screen_opts *o,
               const char *data_dir, const char *id, int keep_all) {
  *out = NULL;
  ctx c = {o, NULL, {0}, -1, NULL, keep_all};
  char bpath[4096];
  snprintf(bpath, sizeof bpath, "%s/%s", data_dir, SOSO_BORDERS_FILE);
  int rc = soso_deposits_crm_load(&c.crm, data_dir);
  if (rc < 0) return rc;
  if ((rc = dep_equiv_load(&c.eq, data_dir)) < 0 ||
      (rc = soso_deposits_borders_load(&c.borders, bpath)) < 0) {
    soso_deposits_crm_free(c.crm);
    return rc;
  }
  if (o->eq_code[0] && (c.eq_index = dep_equiv_find(&c.eq, o->eq_code)) < 0) {
    soso_deposits_crm_free(c.crm);
    soso_deposits_borders_free(c.borders);
    return soso_error_set(SOSO_EUSAGE,
                          "min-eq: no price for \"%s\" in %s/metal_equivalents.csv", o->eq_code,
                          data_dir);
  }
  enum { MAX_GROUP = DEP_MAX_ITEMS * 4 };
  soso_deposits *s = calloc(1, sizeof *s);
  soso_grade *items = malloc(MAX_GROUP * sizeof *items);
  int ranks[MAX_GROUP];
  pending p;
  memset(&p, 0, sizeof p);
  sqlite3 *db = soso__store_db(store);
  sqlite3_stmt *st = NULL;
  char sql[4096];
  size_t cap = 0, icap = 0, n_items = 0;
  int step;
  if (!s || !items) {
    rc = soso_error_set(SOSO_ENOMEM, "out of memory");
    goto done;
  }
  if ((rc = grow(s, &cap, 1)) < 0) goto done;
  s->first[0] = 0;
  build_sql(sql, sizeof sql, o, id, keep_all);
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
    rc = soso_error_set(SOSO_EIO, "store: %s", sqlite3_errmsg(db));
    goto done;
  }
  bind_sql(st, keep_all ? &k_none : o, id);
  /* Rows come grouped by deposit id; a group is flushed when the next begins. */
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    const unsigned char *rid = sqlite3_column_text(st, 0);
    if (!p.str[0] || strcmp((const char *)rid, p.str[0]) != 0) {
      if (p.str[0] && (rc = flush(s, &cap, &icap, &c, &p, items, n_items)) < 0) goto done;
      n_items = 0;
      if ((rc = pending_load(&p, st)) < 0) goto done;
    }
    if (sqlite3_column_type(st, 11) != SQLITE_NULL && n_items < MAX_GROUP) {
      /* insert in rank order (groups are a handful of rows) */
      int rank = sqlite3_column_int(st, 15);
      size_t at = n_items++;
      while (at > 0 && ranks[at - 1] > rank) {
        items[at] = items[at - 1];
        ranks[at] = ranks[at - 1];
        at--;
      }
      ranks[at] = rank;
      soso_grade *g = &items[at];
      const unsigned char *code = sqlite3_column_text(st, 11);
      const unsigned char *unit = sqlite3_column_text(st, 13);
      snprintf(g->code, sizeof g->code, "%s", code ? (const char *)code : "");
      g->value = col_real(st, 12);
      snprintf(g->unit, sizeof g->unit, "%s", unit ? (const char *)unit : "");
      g->contained_t = col_real(st, 14);
    }
  }
  if (step != SQLITE_DONE) {
    rc = soso_error_set(SOSO_EIO, "store: %s", sqlite3_errmsg(db));
    goto done;
  }
  if (p.str[0] && (rc = flush(s, &cap, &icap, &c, &p, items, n_items)) < 0) goto done;
  set_main(s);
  rc = 0;
done:
  pending_clear(&p);
  sqlite3_finalize(st);
  free(items);
  soso_deposits_crm_free(c.crm);
  soso_deposits_borders_free(c.borders);
  if (rc < 0) {
    soso_deposits_free(s);
    return rc;
  }
  *out = s;
  return 0;
}

int soso_deposits_screen_run(soso_deposits **out, soso_store *store, const soso_screen_opts *opts,
                    const char *data_dir) {
  int rc = run(out, store, opts, data_dir, NULL, 0);
  if (rc < 0 || opts->keep_duplicates) return rc;
  if ((rc = soso_deposits_dedup(*out, SOSO_DEDUP_KM, NULL)) < 0) {
    soso_deposits_free(*out);
    *out = NULL;
  }
  return rc;
}

int dep_screen_all(soso_deposits **out, soso_store *store, const soso_screen_opts *opts,
                   const char *data_dir) {
  int rc = run(out, store, opts, data_dir, NULL, 1);
  if (rc < 0 || opts->keep_duplicates) return rc;
  if ((rc = soso_deposits_dedup(*out, SOSO_DEDUP_KM, NULL)) < 0) {
    soso_deposits_free(*out);
    *out = NULL;
  }
  return rc;
}

int soso_deposits_get(soso_deposits **out, soso_store *store, const char *id,
                      const char *data_dir) {
  soso_screen_opts o;
  soso_deposits_screen_opts_init(&o);
  return run(out, store, &o, data_dir, id, 0);
}

double soso_deposits_contained(const soso_deposits *set, size_t i, const char *code) {
  for (size_t k = set->first[i]; k < set->first[i + 1]; k++)
    if (strcmp(set->items[k].code, code) == 0) return set->items[k].contained_t;
  return NAN;
}

double soso_deposits_grade(const soso_deposits *set, size_t i, const char *code,
                           const char **unit) {
  for (size_t k = set->first[i]; k < set->first[i + 1]; k++)
    if (strcmp(set->items[k].code, code) == 0) {
      if (unit) *unit = set->items[k].unit;
      return set->items[k].value;
    }
  if (unit) *unit = "";
  return NAN;
}
