/* price_store.c - monthly price series in the store: import, list, load, deflate.
 *
 * Tables (src/core/schema.c, market section): price_series(commodity, unit,
 * currency, source, batch) and price_observation(commodity, month 'YYYY-MM',
 * price). An import runs in one transaction: a file is stored whole or not at all,
 * and a commodity it holds replaces the stored series of that name (the cascade
 * removes the old observations). A loaded window must have no missing month: the
 * exact-discretisation likelihoods assume equally spaced observations.
 */
#include "market/prices_int.h"
#include "soso/error.h"
#include "soso/store.h"
#include "core/store_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int db_error(soso_store *store) {
  return soso_error_set(SOSO_EIO, "%s: %s", soso_store_path(store),
                        sqlite3_errmsg(soso__store_db(store)));
}

static int prepare(soso_store *store, sqlite3_stmt **st, const char *sql) {
  if (sqlite3_prepare_v2(soso__store_db(store), sql, -1, st, NULL) != SQLITE_OK)
    return db_error(store);
  return SOSO_OK;
}

static int store_series(soso_store *store, const soso__pseries *s, const char *source,
                        long long batch, sqlite3_stmt *del, sqlite3_stmt *ins,
                        sqlite3_stmt *obs) {
  sqlite3_reset(del);
  sqlite3_bind_text(del, 1, s->commodity, -1, SQLITE_STATIC);
  if (sqlite3_step(del) != SQLITE_DONE) return db_error(store);
  sqlite3_reset(ins);
  sqlite3_bind_text(ins, 1, s->commodity, -1, SQLITE_STATIC);
  sqlite3_bind_text(ins, 2, s->unit, -1, SQLITE_STATIC);
  sqlite3_bind_text(ins, 3, s->currency, -1, SQLITE_STATIC);
  sqlite3_bind_text(ins, 4, source, -1, SQLITE_STATIC);
  sqlite3_bind_int64(ins, 5, batch);
  if (sqlite3_step(ins) != SQLITE_DONE) return db_error(store);
  for (size_t i = 0; i < s->n; i++) {
    char m[8];
    soso_market_month_format(m, s->month[i]);
    sqlite3_reset(obs);
    sqlite3_bind_text(obs, 1, s->commodity, -1, SQLITE_STATIC);
    sqlite3_bind_text(obs, 2, m, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(obs, 3, s->price[i]);
    if (sqlite3_step(obs) != SQLITE_DONE) return db_error(store);
  }
  return SOSO_OK;
}

int soso_market_prices_import(soso_store *store, const char *path, soso_prices_import_info *info) {
  if (!store || !path) return soso_error_set(SOSO_EUSAGE, "prices import: no store or file");
  soso__pfile f;
  int rc = soso__pfile_read(&f, path);
  if (rc < 0) return rc;
  sqlite3_stmt *bat = NULL, *del = NULL, *ins = NULL, *obs = NULL, *upd = NULL;
  long long batch = 0;
  size_t n_obs = 0;
  if ((rc = soso_store_begin(store)) < 0) goto done;
  if ((rc = prepare(store, &bat,
                    "INSERT INTO import_batch (source, kind, imported_at) VALUES "
                    "(?, 'prices', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))")) < 0 ||
      (rc = prepare(store, &del, "DELETE FROM price_series WHERE commodity = ?")) < 0 ||
      (rc = prepare(store, &ins,
                    "INSERT INTO price_series (commodity, unit, currency, source, batch) "
                    "VALUES (?, ?, ?, ?, ?)")) < 0 ||
      (rc = prepare(store, &obs,
                    "INSERT INTO price_observation (commodity, month, price) VALUES (?, ?, ?)")) <
          0 ||
      (rc = prepare(store, &upd, "UPDATE import_batch SET n_rows = ? WHERE id = ?")) < 0)
    goto rollback;
  sqlite3_bind_text(bat, 1, path, -1, SQLITE_STATIC);
  if (sqlite3_step(bat) != SQLITE_DONE) {
    rc = db_error(store);
    goto rollback;
  }
  batch = sqlite3_last_insert_rowid(soso__store_db(store));
  for (size_t i = 0; i < f.n; i++) {
    if ((rc = store_series(store, &f.s[i], path, batch, del, ins, obs)) < 0) goto rollback;
    n_obs += f.s[i].n;
  }
  sqlite3_bind_int64(upd, 1, (sqlite3_int64)n_obs);
  sqlite3_bind_int64(upd, 2, batch);
  if (sqlite3_step(upd) != SQLITE_DONE) {
    rc = db_error(store);
    goto rollback;
  }
  if ((rc = soso_store_commit(store)) < 0) goto rollback;
  if (info) {
    info->wide = f.wide;
    info->index = f.index;
    info->n_series = f.n;
    info->n_obs = n_obs;
    info->batch = batch;
  }
  goto done;
rollback:
  soso_store_rollback(store);
done:
  sqlite3_finalize(bat);
  sqlite3_finalize(del);
  sqlite3_finalize(ins);
  sqlite3_finalize(obs);
  sqlite3_finalize(upd);
  soso__pfile_free(&f);
  return rc;
}

static void copy_text(char *dst, size_t n, const unsigned char *src) {
  snprintf(dst, n, "%s", src ? (const char *)src : "");
}

int soso_market_prices_list(soso_price_info **out, size_t *n, soso_store *store) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = NULL;
  int rc = prepare(store, &st,
                   "SELECT s.commodity, s.unit, s.currency, s.source, s.batch, MIN(o.month), "
                   "MAX(o.month), COUNT(*) FROM price_series s JOIN price_observation o "
                   "ON o.commodity = s.commodity GROUP BY s.commodity ORDER BY s.commodity");
  if (rc < 0) return rc;
  soso_price_info *v = NULL;
  size_t cap = 0, k = 0;
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    if (k == cap) {
      size_t nc = cap ? 2 * cap : 16;
      soso_price_info *nv = realloc(v, nc * sizeof *nv);
      if (!nv) {
        rc = soso_error_set(SOSO_ENOMEM, "prices list: out of memory");
        goto fail;
      }
      v = nv;
      cap = nc;
    }
    soso_price_info *p = &v[k++];
    memset(p, 0, sizeof *p);
    copy_text(p->commodity, sizeof p->commodity, sqlite3_column_text(st, 0));
    copy_text(p->unit, sizeof p->unit, sqlite3_column_text(st, 1));
    copy_text(p->currency, sizeof p->currency, sqlite3_column_text(st, 2));
    copy_text(p->source, sizeof p->source, sqlite3_column_text(st, 3));
    p->batch = sqlite3_column_int64(st, 4);
    const unsigned char *a = sqlite3_column_text(st, 5), *b = sqlite3_column_text(st, 6);
    if (!a || !b || soso_market_month_parse(&p->first, (const char *)a) < 0 ||
        soso_market_month_parse(&p->last, (const char *)b) < 0) {
      rc = soso_error_set(SOSO_EDATA, "%s: price_observation: bad month for %s",
                          soso_store_path(store), p->commodity);
      goto fail;
    }
    p->n = (size_t)sqlite3_column_int64(st, 7);
  }
  if (step != SQLITE_DONE) {
    rc = db_error(store);
    goto fail;
  }
  sqlite3_finalize(st);
  *out = v;
  *n = k;
  return SOSO_OK;
fail:
  sqlite3_finalize(st);
  free(v);
  return rc;
}

void soso_market_price_series_clear(soso_price_series *s) {
  if (!s) return;
  free(s->price);
  s->price = NULL;
  s->n = 0;
}

static int load(soso_price_series *out, soso_store *store, const char *commodity, int from,
                int to, int gaps);

int soso_market_prices_load(soso_price_series *out, soso_store *store, const char *commodity,
                     int from, int to) {
  return load(out, store, commodity, from, to, 0);
}

int soso_market_prices_load_index(soso_price_series *out, soso_store *store, const char *name) {
  return load(out, store, name, -1, -1, 1);
}

/* Appends v to out (growing it geometrically). */
static int push(soso_price_series *out, size_t *cap, double v) {
  if (out->n == *cap) {
    size_t nc = *cap ? 2 * *cap : 512;
    double *np = realloc(out->price, nc * sizeof *np);
    if (!np) return soso_error_set(SOSO_ENOMEM, "prices: out of memory");
    out->price = np;
    *cap = nc;
  }
  out->price[out->n++] = v;
  return SOSO_OK;
}

/* gaps: 1 fills missing months with NaN (a deflator, checked over the window it is
 * used for), 0 fails on them. */
static int load(soso_price_series *out, soso_store *store, const char *commodity, int from,
                int to, int gaps) {
  memset(out, 0, sizeof *out);
  if (!store || !commodity) return soso_error_set(SOSO_EUSAGE, "prices: no store or commodity");
  sqlite3_stmt *st = NULL;
  int rc = prepare(store, &st,
                   "SELECT commodity, unit, currency FROM price_series WHERE commodity = ?");
  if (rc < 0) return rc;
  sqlite3_bind_text(st, 1, commodity, -1, SQLITE_STATIC);
  int step = sqlite3_step(st);
  if (step != SQLITE_ROW) {
    rc = step == SQLITE_DONE ? soso_error_set(SOSO_ENOTFOUND,
                                              "prices: %s: no such commodity in the store "
                                              "(see 'soso prices list')",
                                              commodity)
                             : db_error(store);
    sqlite3_finalize(st);
    return rc;
  }
  copy_text(out->commodity, sizeof out->commodity, sqlite3_column_text(st, 0));
  copy_text(out->unit, sizeof out->unit, sqlite3_column_text(st, 1));
  copy_text(out->currency, sizeof out->currency, sqlite3_column_text(st, 2));
  sqlite3_finalize(st);
  char a[8] = "0000-00", b[8] = "9999-12";
  if (from >= 0) soso_market_month_format(a, from);
  if (to >= 0) soso_market_month_format(b, to);
  if ((rc = prepare(store, &st,
                    "SELECT month, price FROM price_observation WHERE commodity = ? AND "
                    "month >= ? AND month <= ? ORDER BY month")) < 0)
    return rc;
  sqlite3_bind_text(st, 1, commodity, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, a, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, b, -1, SQLITE_STATIC);
  size_t cap = 0;
  int prev = -1;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    int m;
    const unsigned char *ms = sqlite3_column_text(st, 0);
    if (!ms || soso_market_month_parse(&m, (const char *)ms) < 0) {
      rc = soso_error_set(SOSO_EDATA, "%s: price_observation: bad month for %s",
                          soso_store_path(store), out->commodity);
      goto fail;
    }
    if (prev >= 0 && m != prev + 1 && !gaps) {
      char gap[8];
      soso_market_month_format(gap, prev + 1);
      rc = soso_error_set(SOSO_EDATA, "prices: %s: month %s is missing inside the window",
                          out->commodity, gap);
      goto fail;
    }
    if (prev < 0) out->first = m;
    for (int g = prev + 1; prev >= 0 && g < m; g++)
      if ((rc = push(out, &cap, NAN)) < 0) goto fail;
    prev = m;
    if ((rc = push(out, &cap, sqlite3_column_double(st, 1))) < 0) goto fail;
  }
  if (step != SQLITE_DONE) {
    rc = db_error(store);
    goto fail;
  }
  sqlite3_finalize(st);
  if (out->n < 2) {
    soso_market_price_series_clear(out);
    return soso_error_set(SOSO_EDATA, "prices: %s: fewer than 2 prices in %s..%s", commodity,
                          from >= 0 ? a : "start", to >= 0 ? b : "end");
  }
  return SOSO_OK;
fail:
  sqlite3_finalize(st);
  soso_market_price_series_clear(out);
  return rc;
}

int soso_market_prices_read_series(soso_price_series *out, const char *path) {
  memset(out, 0, sizeof *out);
  soso__pfile f;
  int rc = soso__pfile_read(&f, path);
  if (rc < 0) return rc;
  if (f.n != 1) {
    rc = soso_error_set(SOSO_EDATA, "%s: %zu series (a deflator file holds exactly one)", path,
                        f.n);
    goto done;
  }
  /* Months missing from the file (the US CPI-U has no October 2025: BLS did not
   * publish it) are NaN: soso_market_prices_deflate fails only when a window that
   * needs one is deflated. */
  const soso__pseries *s = &f.s[0];
  size_t span = (size_t)(s->month[s->n - 1] - s->month[0]) + 1;
  out->price = malloc(span * sizeof *out->price);
  if (!out->price) {
    rc = soso_error_set(SOSO_ENOMEM, "%s: out of memory", path);
    goto done;
  }
  for (size_t i = 0; i < span; i++) out->price[i] = NAN;
  for (size_t i = 0; i < s->n; i++) out->price[s->month[i] - s->month[0]] = s->price[i];
  out->n = span;
  out->first = s->month[0];
  memcpy(out->commodity, s->commodity, sizeof out->commodity);
  memcpy(out->unit, s->unit, sizeof out->unit);
  memcpy(out->currency, s->currency, sizeof out->currency);
done:
  soso__pfile_free(&f);
  return rc;
}

int soso_market_prices_deflate(soso_price_series *s, const soso_price_series *deflator) {
  if (!s || !deflator || s->n == 0)
    return soso_error_set(SOSO_EUSAGE, "deflate: no series or deflator");
  long off = (long)s->first - (long)deflator->first;
  long last = off + (long)s->n - 1;
  if (off < 0 || last >= (long)deflator->n) {
    char a[8], b[8];
    soso_market_month_format(a, s->first);
    soso_market_month_format(b, s->first + (int)s->n - 1);
    return soso_error_set(SOSO_EDATA, "deflate: %s: the deflator %s does not cover %s..%s",
                          s->commodity, deflator->commodity, a, b);
  }
  double base = deflator->price[last];
  for (size_t i = 0; i < s->n; i++) {
    double d = deflator->price[(size_t)off + i];
    if (isnan(d)) {
      char m[8], a[8], b[8];
      soso_market_month_format(m, s->first + (int)i);
      soso_market_month_format(a, s->first);
      soso_market_month_format(b, s->first + (int)s->n - 1);
      return soso_error_set(SOSO_EDATA, "deflate: %s: the deflator %s has no value for %s, "
                            "inside the window %s..%s (end the window before it: --to)",
                            s->commodity, deflator->commodity, m, a, b);
    }
    if (!(d > 0.0))
      return soso_error_set(SOSO_EDATA, "deflate: %s: deflator value %g is not positive",
                            deflator->commodity, d);
  }
  for (size_t i = 0; i < s->n; i++) s->price[i] *= base / deflator->price[(size_t)off + i];
  size_t len = strlen(s->unit);
  if (len + 6 <= sizeof s->unit) memcpy(s->unit + len, " real", 6);
  return SOSO_OK;
}
