/* run.c - the sweep loop: draft, load, value under every scenario, checkpoint.
 *
 * Deposits are shared out to OpenMP threads one at a time (schedule dynamic: a
 * five-factor LSM mine costs far more than a one-factor grid mine). The store is
 * touched only inside one named critical section: drafting and loading (the
 * from_store calibration reads prices) and writing a deposit's rows, one
 * transaction per deposit. Valuation runs outside it, one thread per solve, so a
 * result depends only on its inputs. The drafted text is loaded through a private
 * temporary file (the mine loader reads files), removed at once.
 */
#define _GNU_SOURCE
#include "soso/sweep.h"
#include "sweep/sweep_int.h"

#include "soso/draft.h"
#include "soso/error.h"
#include "soso/market.h"
#include "soso/value.h"
#include "core/store_int.h"

#include <math.h>
#include <omp.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char k_schema[] =
    "CREATE TABLE IF NOT EXISTS sweep_result(run TEXT NOT NULL, deposit_idx INTEGER NOT NULL,"
    " deposit TEXT NOT NULL, scenario_idx INTEGER NOT NULL, scenario TEXT NOT NULL,"
    " method TEXT, value_open REAL, flexible_npv REAL, static_npv REAL, irr REAL,"
    " close_below REAL, reopen_above REAL, life_years REAL, crew REAL, capital REAL,"
    " series TEXT, PRIMARY KEY(run, deposit_idx, scenario_idx));"
    "CREATE TABLE IF NOT EXISTS sweep_skipped(run TEXT NOT NULL, deposit_idx INTEGER NOT NULL,"
    " deposit TEXT NOT NULL, reason TEXT, PRIMARY KEY(run, deposit_idx));";

static uint64_t fnv(uint64_t h, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ull;
  }
  return h;
}

typedef soso__sweep_job job;

/* Drafts and loads deposit id (the caller holds the store's critical section). */
static soso_mine *draft_load(job *jb, soso_store *store, const char *id,
                             const soso_sweep_scenarios *sc, const char *data_dir) {
  soso_draft_opts dopt = SOSO_DRAFT_OPTS_INIT;
  dopt.window = sc->window;
  dopt.data_dir = data_dir;
  char *text = NULL;
  soso_mine *m = NULL;
  if (soso_draft_mine(&text, NULL, store, id, &dopt)) {
    snprintf(jb->reason, sizeof jb->reason, "draft: %s", soso_error_last());
    return NULL;
  }
  char tmp[] = "/tmp/soso-sweep-XXXXXX";
  int fd = mkstemp(tmp);
  FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
  int bad = !f || fputs(text, f) < 0;
  if (f) bad |= fclose(f) != 0;
  else if (fd >= 0) close(fd);
  free(text);
  if (bad) {
    snprintf(jb->reason, sizeof jb->reason, "draft: cannot write a temporary file");
  } else if (soso_mine_load_ex(&m, tmp, store)) {
    /* Name the deposit, not the temporary file. */
    const char *e = soso_error_last(), *at = strstr(e, tmp);
    if (at) snprintf(jb->reason, sizeof jb->reason, "drafted mine: %s", at + strlen(tmp));
    else snprintf(jb->reason, sizeof jb->reason, "drafted mine: %s", e);
    m = NULL;
  }
  if (fd >= 0) unlink(tmp);
  if (m) {
    size_t k = 0;
    for (int i = 0; i < m->origin.n && k < sizeof jb->series; i++) {
      const soso_factor_origin *o = &m->origin.f[i];
      if (!o->from_store) continue;
      char a[8], b[8];
      soso_market_month_format(a, o->first);
      soso_market_month_format(b, o->last);
      int r = snprintf(jb->series + k, sizeof jb->series - k, "%s%s %s..%s", k ? "; " : "",
                       o->series, a, b);
      if (r < 0) break;
      k += (size_t)r;
    }
  }
  return m;
}

/* Values m under every scenario (no store access). */
static void value_all(job *jb, const soso_mine *m, const soso_sweep_scenarios *sc) {
  for (size_t s = 0; s < sc->n && !jb->reason[0]; s++) {
    soso_mine c = *m;
    c.path = NULL;
    soso_sweep_apply(&c, &sc->s[s]);
    soso_value_opts vo = SOSO_VALUE_OPTS_INIT;
    vo.lsm_paths = sc->lsm_paths;
    vo.n_threads = 1;
    soso_valuation *v = NULL;
    if (soso_value_solve(&v, &c, &vo)) {
      snprintf(jb->reason, sizeof jb->reason, "scenario %s: %s", sc->s[s].name,
               soso_error_last());
      break;
    }
    const soso_value_result *r = soso_value_result_of(v);
    soso_sweep_row *w = &jb->rows[s];
    w->scenario = s;
    w->lsm = r->method == SOSO_VALUE_LSM;
    w->value_open = r->s0.value_open;
    w->flexible_npv = r->s0.value_open - c.capital_cost;
    w->static_npv = r->static_plan.npv;
    w->irr = r->static_plan.has_irr ? r->static_plan.irr : NAN;
    w->close_below = r->has_thresholds ? r->thresholds.close_below : NAN;
    w->reopen_above = r->has_thresholds ? r->thresholds.reopen_above : NAN;
    w->life_years = r->static_plan.life_years;
    w->crew = c.operating_crew;
    w->capital = c.capital_cost;
    soso_value_free(v);
  }
}

static void bind_num(sqlite3_stmt *st, int i, double x) {
  if (isfinite(x)) sqlite3_bind_double(st, i, x);
  else sqlite3_bind_null(st, i);
}

static int store_fail(sqlite3 *db) {
  return soso_error_set(SOSO_EIO, "sweep: store: %s", sqlite3_errmsg(db));
}

/* Writes one deposit's rows or skip reason in one transaction (caller holds the store). */
static int save(soso_store *store, const char *key, size_t i, const char *id, const job *jb,
                const soso_sweep_scenarios *sc) {
  sqlite3 *db = soso__store_db(store);
  int rc = soso_store_begin(store);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  if (jb->reason[0]) {
    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO sweep_skipped VALUES(?,?,?,?)", -1, &st,
                           NULL) != SQLITE_OK)
      rc = store_fail(db);
    if (!rc) {
      sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
      sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
      sqlite3_bind_text(st, 4, jb->reason, -1, SQLITE_STATIC);
      if (sqlite3_step(st) != SQLITE_DONE) rc = store_fail(db);
    }
  } else {
    if (sqlite3_prepare_v2(db,
                           "INSERT OR REPLACE INTO sweep_result VALUES"
                           "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK)
      rc = store_fail(db);
    for (size_t s = 0; !rc && s < sc->n; s++) {
      const soso_sweep_row *w = &jb->rows[s];
      sqlite3_reset(st);
      sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
      sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
      sqlite3_bind_int64(st, 4, (sqlite3_int64)s);
      sqlite3_bind_text(st, 5, sc->s[s].name, -1, SQLITE_STATIC);
      sqlite3_bind_text(st, 6, w->lsm ? "lsm" : "grid", -1, SQLITE_STATIC);
      bind_num(st, 7, w->value_open);
      bind_num(st, 8, w->flexible_npv);
      bind_num(st, 9, w->static_npv);
      bind_num(st, 10, w->irr);
      bind_num(st, 11, w->close_below);
      bind_num(st, 12, w->reopen_above);
      bind_num(st, 13, w->life_years);
      bind_num(st, 14, w->crew);
      bind_num(st, 15, w->capital);
      sqlite3_bind_text(st, 16, jb->series, -1, SQLITE_STATIC);
      if (sqlite3_step(st) != SQLITE_DONE) rc = store_fail(db);
    }
  }
  sqlite3_finalize(st);
  if (rc) {
    soso_store_rollback(store);
    return rc;
  }
  return soso_store_commit(store);
}

static double col_num(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

/* Reads the run's rows and skips back (ordered), so a resumed run reports exactly
 * what an uninterrupted one does. */
static int read_back(soso_sweep *w, soso_store *store) {
  sqlite3 *db = soso__store_db(store);
  sqlite3_stmt *st = NULL;
  int rc = 0;
  size_t cap = w->n_deposits * w->n_scenarios;
  w->rows = calloc(cap ? cap : 1, sizeof *w->rows);
  w->series = calloc(w->n_deposits ? w->n_deposits : 1, sizeof *w->series);
  w->skipped = calloc(w->n_deposits ? w->n_deposits : 1, sizeof *w->skipped);
  if (!w->rows || !w->series || !w->skipped) return soso_error_set(SOSO_ENOMEM, "out of memory");
  if (sqlite3_prepare_v2(db,
                         "SELECT deposit_idx, scenario_idx, method, value_open, flexible_npv,"
                         " static_npv, irr, close_below, reopen_above, life_years, crew,"
                         " capital, series FROM sweep_result WHERE run = ?"
                         " ORDER BY deposit_idx, scenario_idx",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db);
  sqlite3_bind_text(st, 1, w->key, -1, SQLITE_STATIC);
  int s;
  while (!rc && (s = sqlite3_step(st)) == SQLITE_ROW) {
    size_t d = (size_t)sqlite3_column_int64(st, 0), k = (size_t)sqlite3_column_int64(st, 1);
    if (d >= w->n_deposits || k >= w->n_scenarios || w->n_rows >= cap) continue;
    soso_sweep_row *r = &w->rows[w->n_rows++];
    r->deposit = d;
    r->scenario = k;
    const unsigned char *m = sqlite3_column_text(st, 2);
    r->lsm = m && strcmp((const char *)m, "lsm") == 0;
    r->value_open = col_num(st, 3);
    r->flexible_npv = col_num(st, 4);
    r->static_npv = col_num(st, 5);
    r->irr = col_num(st, 6);
    r->close_below = col_num(st, 7);
    r->reopen_above = col_num(st, 8);
    r->life_years = col_num(st, 9);
    r->crew = col_num(st, 10);
    r->capital = col_num(st, 11);
    const unsigned char *ser = sqlite3_column_text(st, 12);
    if (!w->series[d] && ser) {
      w->series[d] = strdup((const char *)ser);
      if (!w->series[d]) rc = soso_error_set(SOSO_ENOMEM, "out of memory");
    }
  }
  sqlite3_finalize(st);
  if (rc) return rc;
  if (sqlite3_prepare_v2(db, "SELECT deposit_idx, reason FROM sweep_skipped WHERE run = ?"
                             " ORDER BY deposit_idx", -1, &st, NULL) != SQLITE_OK)
    return store_fail(db);
  sqlite3_bind_text(st, 1, w->key, -1, SQLITE_STATIC);
  while (!rc && sqlite3_step(st) == SQLITE_ROW) {
    size_t d = (size_t)sqlite3_column_int64(st, 0);
    const unsigned char *why = sqlite3_column_text(st, 1);
    if (d >= w->n_deposits || w->skipped[d]) continue;
    w->skipped[d] = strdup(why ? (const char *)why : "");
    if (!w->skipped[d]) rc = soso_error_set(SOSO_ENOMEM, "out of memory");
    w->n_skipped++;
  }
  sqlite3_finalize(st);
  return rc;
}

/* Marks in done[] the deposits of this run already in the store. */
static int load_done(char *done, size_t n, soso_store *store, const char *key) {
  sqlite3 *db = soso__store_db(store);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT deposit_idx FROM sweep_result WHERE run = ?1 UNION"
                         " SELECT deposit_idx FROM sweep_skipped WHERE run = ?1",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db);
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  while (sqlite3_step(st) == SQLITE_ROW) {
    sqlite3_int64 d = sqlite3_column_int64(st, 0);
    if (d >= 0 && (size_t)d < n) done[d] = 1;
  }
  sqlite3_finalize(st);
  return 0;
}

size_t soso__sweep_take(soso__sweep_state *st) {
  size_t i;
#pragma omp critical(soso_sweep_next)
  {
    int halt;
#pragma omp atomic read
    halt = st->stop;
    while (st->next < st->n && st->done[st->next]) st->next++;
    i = halt ? st->n : st->next;
    if (i < st->n) st->next++;
  }
  return i;
}

void soso__sweep_work(job *jb, soso_store *store, const char *id,
                      const soso_sweep_scenarios *sc, const char *data_dir) {
  soso_mine *m = NULL;
#pragma omp critical(soso_sweep_store)
  m = draft_load(jb, store, id, sc, data_dir);
  if (m) value_all(jb, m, sc);
  soso_mine_free(m);
}

double soso__sweep_cpu(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0.0;
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void soso__sweep_commit(soso__sweep_state *st, size_t i, const job *jb, int rank,
                        double seconds, double cpu, double wait) {
#pragma omp critical(soso_sweep_store)
  {
    if (!st->err && !st->stop) {
      double t0 = omp_get_wtime();
      int r = save(st->store, st->key, i, st->ids[i], jb, st->sc);
      if (r) {
        st->err = r;
        snprintf(st->errmsg, sizeof st->errmsg, "%s", soso_error_last());
#pragma omp atomic write
        st->stop = 1;
      } else {
        st->rank[i] = rank;
        st->seconds[i] = seconds;
        st->wait[i] = wait;
        st->cpu[i] = cpu;
        st->save[i] = omp_get_wtime() - t0;
        st->n_done++;
        st->n_new++;
        if (st->o->stop_after && st->n_new >= st->o->stop_after) {
#pragma omp atomic write
          st->stop = 1;
        }
        if (st->o->progress) st->o->progress(st->o->closure, st->n_done, st->n);
      }
    }
  }
}

/* One thread's loop: take, work, commit, until nothing is left. */
void soso__sweep_loop(soso__sweep_state *st) {
  for (;;) {
    size_t i = soso__sweep_take(st);
    if (i >= st->n) break;
    job jb;
    memset(&jb, 0, sizeof jb);
    jb.rows = calloc(st->sc->n, sizeof *jb.rows);
    double t0 = omp_get_wtime(), c0 = soso__sweep_cpu();
    if (!jb.rows) snprintf(jb.reason, sizeof jb.reason, "out of memory");
    else soso__sweep_work(&jb, st->store, st->ids[i], st->sc, st->o->data_dir);
    soso__sweep_commit(st, i, &jb, 0, omp_get_wtime() - t0, soso__sweep_cpu() - c0, 0.0);
    free(jb.rows);
  }
}

void soso__sweep_local(soso__sweep_state *st, int n_threads) {
  /* Deposits are dealt one at a time in index order (dynamic: costs differ a lot). */
#pragma omp parallel num_threads(n_threads)
  soso__sweep_loop(st);
}

int soso_sweep_run(soso_sweep **out, soso_store *store, char *const *ids, size_t n,
                   const soso_sweep_scenarios *sc, const soso_sweep_opts *o) {
  if (!out || !store || (!ids && n) || !sc || !sc->n) {
    if (o && o->mpi) soso_sweep_mpi_cancel(); /* release the other ranks */
    return soso_error_set(SOSO_EUSAGE, "soso_sweep_run: NULL argument or no scenario");
  }
  *out = NULL;
  soso_sweep_opts def = SOSO_SWEEP_OPTS_INIT;
  if (!o) o = &def;
  soso_sweep *w = calloc(1, sizeof *w);
  char *done = calloc(n ? n : 1, 1);
  if (!w || !done) {
    free(w);
    free(done);
    if (o->mpi) soso_sweep_mpi_cancel();
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  w->n_deposits = n;
  w->n_scenarios = sc->n;
  w->rank = malloc((n ? n : 1) * sizeof *w->rank);
  w->seconds = calloc(n ? n : 1, sizeof *w->seconds);
  w->wait = calloc(n ? n : 1, sizeof *w->wait);
  w->cpu = calloc(n ? n : 1, sizeof *w->cpu);
  w->save = calloc(n ? n : 1, sizeof *w->save);
  if (!w->rank || !w->seconds || !w->wait || !w->cpu || !w->save) {
    free(done);
    soso_sweep_free(w);
    if (o->mpi) soso_sweep_mpi_cancel();
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  for (size_t i = 0; i < n; i++) w->rank[i] = -1;
  uint64_t h = 14695981039346656037ull;
  for (size_t i = 0; i < n; i++) h = fnv(fnv(h, ids[i], strlen(ids[i])), "\n", 1);
  h = fnv(h, sc->text ? sc->text : "", sc->text ? strlen(sc->text) : 0);
  snprintf(w->key, sizeof w->key, "%016llx", (unsigned long long)h);

  soso__sweep_state st;
  memset(&st, 0, sizeof st);
  st.store = store;
  st.ids = ids;
  st.n = n;
  st.sc = sc;
  st.o = o;
  st.key = w->key;
  st.done = done;
  st.rank = w->rank;
  st.seconds = w->seconds;
  st.wait = w->wait;
  st.cpu = w->cpu;
  st.save = w->save;
  int rc = soso_store_exec(store, k_schema);
  /* Checkpoints: one transaction per deposit, without an fsync each (WAL with
   * synchronous NORMAL). A killed process loses no committed deposit (the WAL is
   * in the page cache); only a power cut or OS crash may lose the last ones, which
   * the next run simply redoes. With FULL the fsync (~2 ms) made rank 0's store
   * the bottleneck of a run on hundreds of MPI ranks (bench/RESULTS.md). */
  if (!rc) rc = soso_store_exec(store, "PRAGMA synchronous = NORMAL;");
  if (!rc) rc = load_done(done, n, store, w->key);
  for (size_t i = 0; i < n; i++) st.n_done += done[i] != 0;
  w->n_resumed = st.n_done;
  if (!rc && o->progress) o->progress(o->closure, st.n_done, n);
  if (o->mpi && rc) soso_sweep_mpi_cancel(); /* release the other ranks */
  if (!rc) {
    if (o->mpi) {
      /* Under MPI the default is one thread per rank (one rank per core). */
      rc = soso__sweep_mpi_lead(&st, o->n_threads > 0 ? o->n_threads : 1);
    } else {
      soso__sweep_local(&st, o->n_threads > 0 ? o->n_threads : omp_get_max_threads());
    }
    if (!rc && st.err) rc = soso_error_set(st.err, "%s", st.errmsg);
  }
  free(done);
  if (!rc && st.stop)
    rc = soso_error_set(SOSO_ERR, "sweep: stopped after %zu deposits (run the same command to resume)",
                        st.n_new);
  soso_store_exec(store, "PRAGMA synchronous = FULL;"); /* the store's default again */
  w->copy_bytes = st.copy_bytes;
  w->copy_seconds = st.copy_seconds;
  if (!rc) rc = read_back(w, store);
  if (rc) {
    soso_sweep_free(w);
    return rc;
  }
  *out = w;
  return 0;
}

double soso_sweep_share(const soso_sweep *w, size_t i) {
  if (!w || i >= w->n_deposits || w->skipped[i]) return NAN;
  size_t yes = 0, all = 0;
  for (size_t k = 0; k < w->n_rows; k++) {
    if (w->rows[k].deposit != i) continue;
    all++;
    yes += w->rows[k].flexible_npv > 0;
  }
  return all ? (double)yes / (double)all : NAN;
}

void soso_sweep_free(soso_sweep *w) {
  if (!w) return;
  for (size_t i = 0; i < w->n_deposits; i++) {
    if (w->series) free(w->series[i]);
    if (w->skipped) free(w->skipped[i]);
  }
  free(w->series);
  free(w->skipped);
  free(w->rank);
  free(w->seconds);
  free(w->wait);
  free(w->cpu);
  free(w->save);
  free(w->rows);
  free(w);
}
