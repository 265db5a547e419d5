/* deposit.c - writes imported deposits into the store (tables deposit and
 * deposit_commodity of src/core/schema.c).
 *
 * Invariants: a deposit is keyed by (source, record_id), its public id being
 * "<source>:<record_id>". The first row of a deposit in a batch replaces what an
 * earlier batch stored (UPSERT: update, never duplicate); later rows of the same
 * deposit in the same batch (long layout) merge into it: the deposit's ore tonnage
 * is the largest inventory given, and each commodity keeps the graded row of the
 * largest tonnage basis, a graded row winning over an ungraded one. Deposits of
 * the source that a new file no longer holds are left as they were.
 */
#define _POSIX_C_SOURCE 200809L
#include "deposits/deposits_int.h"
#include "soso/error.h"
#include "core/store_int.h"

#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int prep(sqlite3 *db, sqlite3_stmt **st, const char *sql) {
  if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
    return soso_error_set(SOSO_EIO, "store: %s", sqlite3_errmsg(db));
  return 0;
}

static void bind_real(sqlite3_stmt *st, int i, double v) {
  if (isfinite(v)) sqlite3_bind_double(st, i, v);
  else sqlite3_bind_null(st, i);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s) {
  sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

static int step_done(sqlite3 *db, sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return soso_error_set(SOSO_EIO, "store: %s", sqlite3_errmsg(db));
  return 0;
}

int dep_writer_open(dep_writer *w, soso_store *store, const char *source, const char *path) {
  sqlite3 *db = soso__store_db(store);
  sqlite3_stmt *st = NULL;
  int rc;
  memset(w, 0, sizeof *w);
  w->store = store;
  w->source = source;
  if ((rc = prep(db, &st,
                 "INSERT INTO import_batch(source, kind, imported_at, n_rows) "
                 "VALUES (?1, 'deposits', strftime('%Y-%m-%dT%H:%M:%SZ','now'), 0)")) < 0)
    return rc;
  bind_text(st, 1, path);
  rc = step_done(db, st);
  sqlite3_finalize(st);
  if (rc < 0) return rc;
  w->batch = (long)sqlite3_last_insert_rowid(db);
  if ((rc = prep(db, &w->get, "SELECT batch FROM deposit WHERE id = ?1")) < 0 ||
      (rc = prep(db, &w->ins,
                 "INSERT INTO deposit(id, source, record_id, name, country, country_raw, "
                 "lat, lon, status, deposit_type, ore_mt, category, flags, batch) "
                 "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)")) < 0 ||
      (rc = prep(db, &w->upd,
                 "UPDATE deposit SET name=?4, country=?5, country_raw=?6, lat=?7, lon=?8, "
                 "status=?9, deposit_type=?10, ore_mt=?11, category=?12, flags=?13, "
                 "batch=?14 WHERE id=?1 AND source=?2 AND record_id=?3")) < 0 ||
      (rc = prep(db, &w->merge,
                 "UPDATE deposit SET "
                 " ore_mt = CASE WHEN ?2 IS NULL THEN ore_mt "
                 "   WHEN ore_mt IS NULL OR ?2 > ore_mt THEN ?2 ELSE ore_mt END,"
                 " status = CASE WHEN status = 'occurrence' THEN ?3 ELSE status END,"
                 " category = CASE WHEN category = '' THEN ?4 ELSE category END,"
                 " flags = CASE WHEN ?5 = '' OR instr(flags, ?5) > 0 THEN flags "
                 "   WHEN flags = '' THEN ?5 ELSE flags || '; ' || ?5 END "
                 "WHERE id = ?1")) < 0 ||
      (rc = prep(db, &w->del_items, "DELETE FROM deposit_commodity WHERE deposit_id = ?1")) <
          0 ||
      (rc = prep(db, &w->put_item,
                 "INSERT INTO deposit_commodity(deposit_id, code, rank, value, unit, "
                 "basis_mt, contained_t) VALUES (?1, ?2, "
                 "(SELECT count(*) FROM deposit_commodity WHERE deposit_id = ?1), "
                 "?3, ?4, ?5, ?6) "
                 "ON CONFLICT(deposit_id, code) DO UPDATE SET value = excluded.value, "
                 "unit = excluded.unit, basis_mt = excluded.basis_mt, "
                 "contained_t = excluded.contained_t "
                 "WHERE (value IS NULL AND contained_t IS NULL) OR "
                 "(excluded.value IS NOT NULL AND (value IS NULL OR basis_mt IS NULL OR "
                 " excluded.basis_mt > basis_mt))")) < 0) {
    dep_writer_abort(w);
    return rc;
  }
  return 0;
}

void dep_writer_abort(dep_writer *w) {
  sqlite3_finalize(w->get);
  sqlite3_finalize(w->ins);
  sqlite3_finalize(w->upd);
  sqlite3_finalize(w->merge);
  sqlite3_finalize(w->del_items);
  sqlite3_finalize(w->put_item);
  w->get = w->ins = w->upd = w->merge = w->del_items = w->put_item = NULL;
}

int dep_writer_close(dep_writer *w, size_t n_rows) {
  sqlite3 *db = soso__store_db(w->store);
  sqlite3_stmt *st = NULL;
  int rc = prep(db, &st, "UPDATE import_batch SET n_rows = ?1 WHERE id = ?2");
  if (rc == 0) {
    sqlite3_bind_int64(st, 1, (sqlite3_int64)n_rows);
    sqlite3_bind_int64(st, 2, w->batch);
    rc = step_done(db, st);
  }
  sqlite3_finalize(st);
  dep_writer_abort(w);
  return rc;
}

int dep_writer_put(dep_writer *w, const dep_record *r, int allow_merge, int *state) {
  sqlite3 *db = soso__store_db(w->store);
  char id[512];
  int rc;
  if ((size_t)snprintf(id, sizeof id, "%s:%s", w->source, r->record_id) >= sizeof id)
    return soso_error_set(SOSO_EDATA, "id: \"%s:%s\" is too long", w->source, r->record_id);

  bind_text(w->get, 1, id);
  rc = sqlite3_step(w->get);
  long old_batch = -1;
  if (rc == SQLITE_ROW) old_batch = (long)sqlite3_column_int64(w->get, 0);
  sqlite3_reset(w->get);
  sqlite3_clear_bindings(w->get);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return soso_error_set(SOSO_EIO, "store: %s", sqlite3_errmsg(db));

  if (old_batch == w->batch && !allow_merge)
    return soso_error_set(SOSO_EDATA, "id: \"%s\" is on an earlier row of this file",
                          r->record_id);
  if (old_batch == w->batch) {
    *state = 2;
    bind_text(w->merge, 1, id);
    bind_real(w->merge, 2, r->ore_mt);
    bind_text(w->merge, 3, soso_deposits_status_name(r->status));
    bind_text(w->merge, 4, r->category);
    bind_text(w->merge, 5, r->flags);
    if ((rc = step_done(db, w->merge)) < 0) return rc;
  } else {
    sqlite3_stmt *st = old_batch < 0 ? w->ins : w->upd;
    *state = old_batch < 0 ? 0 : 1;
    if (old_batch >= 0) {
      bind_text(w->del_items, 1, id);
      if ((rc = step_done(db, w->del_items)) < 0) return rc;
    }
    bind_text(st, 1, id);
    bind_text(st, 2, w->source);
    bind_text(st, 3, r->record_id);
    bind_text(st, 4, r->name);
    bind_text(st, 5, r->country);
    bind_text(st, 6, r->country_raw);
    sqlite3_bind_double(st, 7, r->lat);
    sqlite3_bind_double(st, 8, r->lon);
    bind_text(st, 9, soso_deposits_status_name(r->status));
    bind_text(st, 10, r->deposit_type);
    bind_real(st, 11, r->ore_mt);
    bind_text(st, 12, r->category);
    bind_text(st, 13, r->flags);
    sqlite3_bind_int64(st, 14, w->batch);
    if ((rc = step_done(db, st)) < 0) return rc;
  }
  for (size_t k = 0; k < r->n_items; k++) {
    const dep_item *it = &r->items[k];
    bind_text(w->put_item, 1, id);
    bind_text(w->put_item, 2, it->g.code);
    bind_real(w->put_item, 3, it->g.value);
    bind_text(w->put_item, 4, it->g.unit);
    bind_real(w->put_item, 5, it->basis_mt);
    bind_real(w->put_item, 6, it->g.contained_t);
    if ((rc = step_done(db, w->put_item)) < 0) return rc;
  }
  return 0;
}

void dep_flag(char *buf, size_t n, const char *fmt, ...) {
  size_t len = strlen(buf);
  if (len + 3 >= n) return;
  if (len > 0) {
    memcpy(buf + len, "; ", 3);
    len += 2;
  }
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf + len, n - len, fmt, ap);
  va_end(ap);
}
