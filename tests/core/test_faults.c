/* test_faults.c - fault injection as SQLite does it (issue 12): the N-th
 * allocation, SQLite call, stdio write and file-system call fail, for N = 1, 2, ...
 * until the operation runs without meeting its fault, across a whole deposit
 * import, a whole price import and a screening written to CSV/JSON/GeoJSON. Every
 * failure must give a clean one-line error (a negative code and a message), leave
 * the store exactly as it was and no temporary file, and leak nothing (the ASan
 * build's LeakSanitizer checks at exit). The report, with tens of thousands of
 * calls, is swept per call site instead: test_faults_report.c.
 *
 * How: fault_wrap.h (this program is linked with -Wl,--wrap for each wrapped
 * function; calls inside SQLite, GDAL or libc themselves are not counted).
 */
#include "fault_wrap.h"

#include <dirent.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "soso/deposits.h"
#include "soso/error.h"
#include "soso/afile.h"
#include "soso/market.h"
#include "soso/store.h"

/* ---- checks ------------------------------------------------------------------ */

static char g_dir[64];

/* The whole content of the store as text (unarmed). */
static char *dump(const char *db) {
  sqlite3 *h = NULL;
  assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  static const char *const q[] = {
      "SELECT * FROM import_batch ORDER BY id", "SELECT * FROM deposit ORDER BY id",
      "SELECT * FROM deposit_commodity ORDER BY 1, 2",
      "SELECT * FROM price_series ORDER BY 1", "SELECT * FROM price_observation ORDER BY 1, 2"};
  size_t cap = 1 << 16, n = 0;
  char *out = malloc(cap);
  assert_non_null(out);
  for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(h, q[i], -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW)
      for (int c = 0; c < sqlite3_column_count(st); c++) {
        const char *t = (const char *)sqlite3_column_text(st, c);
        size_t len = strlen(t ? t : "NULL") + 2;
        if (n + len >= cap) {
          cap = 2 * cap + len;
          out = realloc(out, cap);
          assert_non_null(out);
        }
        n += (size_t)snprintf(out + n, cap - n, "%s|", t ? t : "NULL");
      }
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
  return out;
}

static void check_clean_error(int rc, const char *what, int kind, long n) {
  const char *msg = soso_error_last();
  if (rc >= 0 || !*msg || strchr(msg, '\n'))
    fail_msg("%s: %s %ld failed but the result was %d \"%s\"", what, k_kind[kind], n, rc, msg);
}

/* A temporary output ("*.tmp*") left in the test's folder. */
static const char *temporary_left(void) {
  static char name[256];
  DIR *d = opendir(g_dir);
  struct dirent *e;
  const char *found = NULL;
  while (d && !found && (e = readdir(d)) != NULL)
    if (strstr(e->d_name, ".tmp")) {
      snprintf(name, sizeof name, "%s", e->d_name);
      found = name;
    }
  if (d) closedir(d);
  return found;
}

typedef int (*op_fn)(const char *db, void *arg);

/* Runs op with the N-th call of each kind failing, N = 1.. until op meets no
 * fault, and checks a clean error and an unchanged store every time. With
 * max_runs > 0 a first, fault-free run counts the calls and only max_runs values
 * of N, evenly spread over them (first and last included), are tried per kind.
 * calls[kind]: the calls of each kind in a fault-free run. */
static void sweep(const char *what, op_fn op, void *arg, const char *base_db, long max_runs,
                  long *calls) {
  char db[160], cmd[1024];
  snprintf(db, sizeof db, "%s/sweep.db", g_dir);
  snprintf(cmd, sizeof cmd, "cp '%s' '%s' && rm -f '%s-wal' '%s-shm'", base_db, db, db, db);
  long total[F_KINDS] = {0};
  if (max_runs > 0)
    for (int kind = 0; kind < F_KINDS; kind++) {
      assert_int_equal(system(cmd), 0);
      arm(kind, -1);
      int rc = op(db, arg);
      disarm();
      if (rc < 0) fail_msg("%s: fails without a fault: %s", what, soso_error_last());
      total[kind] = g_count;
    }
  for (int kind = 0; kind < F_KINDS; kind++) {
    long stride = 1, tried = 0;
    if (max_runs > 1 && total[kind] > max_runs) stride = (total[kind] - 1) / (max_runs - 1);
    for (long n = 1;;) {
      assert_int_equal(system(cmd), 0);
      char *before = dump(db);
      soso_error_clear();
      arm(kind, n);
      int rc = op(db, arg);
      disarm();
      long seen = g_count;
      if (!g_fired) {
        if (rc < 0) fail_msg("%s: no fault injected but the result was %d \"%s\"", what, rc,
                             soso_error_last());
        calls[kind] = seen;
        free(before);
        break;
      }
      tried++;
      check_clean_error(rc, what, kind, n);
      char *after = dump(db);
      if (strcmp(before, after) != 0)
        fail_msg("%s: %s %ld failed and the store changed", what, k_kind[kind], n);
      const char *tmp = temporary_left();
      if (tmp) fail_msg("%s: %s %ld failed and left %s", what, k_kind[kind], n, tmp);
      free(before);
      free(after);
      if (max_runs > 0 && n >= total[kind]) n = total[kind] + 1; /* then a clean run */
      else if (max_runs > 0 && n + stride > total[kind]) n = total[kind];  /* the last call */
      else n += stride;
    }
    fprintf(stderr, "faults: %s: %ld %ss, %ld of them failed in turn%s\n", what, calls[kind],
            k_kind[kind], tried, stride > 1 ? " (spread evenly)" : " (every one)");
  }
}

/* ---- the operations ---------------------------------------------------------- */

static int op_import(const char *db, void *arg) {
  soso_store *s = NULL;
  int rc = soso_store_open(&s, db);
  if (rc == 0) {
    soso_import_report rep;
    soso_import_opts o = SOSO_IMPORT_OPTS_INIT;
    o.skip_bad = 1;
    rc = soso_deposits_import(&rep, s, (const char *)arg, &o);
    soso_deposits_import_report_clear(&rep);
  }
  soso_store_free(s);
  return rc;
}

static int op_prices(const char *db, void *arg) {
  soso_store *s = NULL;
  int rc = soso_store_open(&s, db);
  if (rc == 0) rc = soso_market_prices_import(s, (const char *)arg, NULL);
  soso_store_free(s);
  return rc;
}

/* Screening and the three file formats, each through a temporary file. */
static int op_screen(const char *db, void *arg) {
  (void)arg;
  soso_store *s = NULL;
  soso_deposits *set = NULL;
  int rc = soso_store_open_read(&s, db);
  soso_screen_opts so;
  soso_deposits_screen_opts_init(&so);
  if (rc == 0) rc = soso_deposits_screen_run(&set, s, &so, SOSO_SOURCE_DIR "/data");
  static const soso_deposits_format k_fmt[] = {SOSO_FMT_CSV, SOSO_FMT_JSON, SOSO_FMT_GEOJSON};
  for (size_t i = 0; rc == 0 && i < 3; i++) {
    char out[160];
    snprintf(out, sizeof out, "%s/screen.%zu", g_dir, i);
    soso_afile *af = NULL;
    FILE *fp = NULL;
    rc = soso_afile_open(&af, &fp, out);
    if (rc == 0 && (rc = soso_deposits_write(fp, set, k_fmt[i])) < 0) soso_afile_abort(af);
    else if (rc == 0) rc = soso_afile_commit(af);
  }
  soso_deposits_free(set);
  soso_store_free(s);
  return rc;
}

static char g_base[160]; /* a store with the worked example's deposits and prices */

static int setup(void **state) {
  (void)state;
  snprintf(g_dir, sizeof g_dir, "/tmp/soso_faults_XXXXXX");
  if (!mkdtemp(g_dir)) return -1;
  snprintf(g_base, sizeof g_base, "%s/base.db", g_dir);
  soso_store *s = NULL;
  if (soso_store_open(&s, g_base) < 0) return -1;
  soso_import_report rep;
  int rc = soso_deposits_import(&rep, s, SOSO_SOURCE_DIR "/examples/drina/deposits.csv", NULL);
  soso_deposits_import_report_clear(&rep);
  if (rc == 0) rc = soso_market_prices_import(s, SOSO_SOURCE_DIR "/tests/data/prices_long_ok.csv", NULL);
  /* fold the WAL into the file so a copy of it is the whole store */
  if (rc == 0) rc = soso_store_exec(s, "PRAGMA wal_checkpoint(TRUNCATE);");
  soso_store_free(s);
  return rc;
}

static int teardown(void **state) {
  (void)state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
  return system(cmd) == 0 ? 0 : -1;
}

static char k_balkans[] = SOSO_SOURCE_DIR "/examples/deposits/balkans_sample.csv";
static char k_prices[] = SOSO_SOURCE_DIR "/tests/data/prices_wide_ok.csv";

static void test_import_faults(void **state) {
  (void)state;
  long calls[F_KINDS] = {0};
  sweep("deposit import", op_import, k_balkans,
        g_base, 0, calls);
  assert_true(calls[F_ALLOC] > 10 && calls[F_SQL] > 10);
  sweep("price import", op_prices, k_prices,
        g_base, 0, calls);
  assert_true(calls[F_ALLOC] > 5 && calls[F_SQL] > 5);
}

static void test_output_faults(void **state) {
  (void)state;
  long calls[F_KINDS] = {0};
  sweep("screen outputs", op_screen, NULL, g_base, 0, calls);
  assert_true(calls[F_WRITE] > 10);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_import_faults),
      cmocka_unit_test(test_output_faults),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
