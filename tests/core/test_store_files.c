/* test_store_files.c - issue 12's store and output rules: WAL mode, read-only opens
 * that never create a store and never wait for a writer; temporary files created
 * with O_EXCL | O_NOFOLLOW (a planted symlink is not followed), removed by
 * soso_afile_remove_all (the signal path) and, after a SIGKILL, by the next open. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "soso/error.h"
#include "soso/afile.h"
#include "soso/store.h"
#include "core/store_int.h"

static char g_dir[64];

static int setup(void **state) {
  (void)state;
  snprintf(g_dir, sizeof g_dir, "/tmp/soso_stf_XXXXXX");
  return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
  return system(cmd) == 0 ? 0 : -1;
}

static void test_read_missing_store(void **state) {
  (void)state;
  char db[128];
  snprintf(db, sizeof db, "%s/none.db", g_dir);
  soso_store *s = (soso_store *)1;
  assert_int_equal(soso_store_open_read(&s, db), SOSO_ENOTFOUND);
  assert_null(s);
  assert_non_null(strstr(soso_error_last(), "none.db: no such store"));
  assert_int_equal(access(db, F_OK), -1); /* not created */
}

static void test_wal_reader_never_waits(void **state) {
  (void)state;
  char db[128];
  snprintf(db, sizeof db, "%s/w.db", g_dir);
  soso_store *w = NULL, *r = NULL;
  assert_int_equal(soso_store_open(&w, db), 0);
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_prepare_v2(soso__store_db(w), "PRAGMA journal_mode", -1, &st, NULL),
                   SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
  sqlite3_finalize(st);
  /* a writer holds its transaction open (an import in progress) ... */
  assert_int_equal(soso_store_begin(w), 0);
  assert_int_equal(soso_store_exec(w, "INSERT INTO import_batch(source,kind,imported_at) "
                                      "VALUES('a','deposits','2026-01-01')"),
                   0);
  /* ... and a reader opens and reads the last commit at once */
  time_t t0 = time(NULL);
  assert_int_equal(soso_store_open_read(&r, db), 0);
  assert_int_equal(sqlite3_prepare_v2(soso__store_db(r), "SELECT count(*) FROM import_batch",
                                      -1, &st, NULL),
                   SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(st, 0), 0);
  sqlite3_finalize(st);
  assert_true(time(NULL) - t0 < 3); /* no busy wait (the timeout is 30 s) */
  /* the read-only handle cannot write */
  assert_int_equal(soso_store_exec(r, "DELETE FROM import_batch"), SOSO_EIO);
  assert_int_equal(soso_store_commit(w), 0);
  soso_store_free(r);
  soso_store_free(w);
  /* a file that is not a store */
  char junk[128];
  snprintf(junk, sizeof junk, "%s/junk.db", g_dir);
  FILE *f = fopen(junk, "w");
  fputs("not sqlite", f);
  fclose(f);
  assert_int_not_equal(soso_store_open_read(&r, junk), 0);
  assert_null(r);
}

static void test_afile_symlink(void **state) {
  (void)state;
  char victim[128], target[128], link[160];
  snprintf(victim, sizeof victim, "%s/victim", g_dir);
  snprintf(target, sizeof target, "%s/out.csv", g_dir);
  FILE *f = fopen(victim, "w");
  fputs("precious", f);
  fclose(f);
  /* the names the old code used: .out.csv.tmp-PID-0 .. -9 */
  for (int c = 0; c < 10; c++) {
    snprintf(link, sizeof link, "%s/.out.csv.tmp-%ld-%d", g_dir, (long)getpid(), c);
    assert_int_equal(symlink(victim, link), 0);
  }
  soso_afile *af = NULL;
  FILE *fp = NULL;
  assert_int_equal(soso_afile_open(&af, &fp, target), 0);
  struct stat sb;
  assert_int_equal(lstat(soso_afile_tmpname(af), &sb), 0);
  assert_true(S_ISREG(sb.st_mode)); /* a new regular file, not through a link */
  fputs("new", fp);
  assert_int_equal(soso_afile_commit(af), 0);
  char buf[32] = "";
  f = fopen(victim, "r");
  assert_non_null(fgets(buf, sizeof buf, f));
  fclose(f);
  assert_string_equal(buf, "precious");
}

static int count_tmp(void) {
  char cmd[320];
  snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -c '^\\.r\\.txt\\.tmp-' > '%s/n'", g_dir, g_dir);
  if (system(cmd) < 0) return -1;
  snprintf(cmd, sizeof cmd, "%s/n", g_dir);
  FILE *f = fopen(cmd, "r");
  int n = -1;
  if (f && fscanf(f, "%d", &n) != 1) n = -1;
  if (f) fclose(f);
  return n;
}

static void test_afile_cleanup(void **state) {
  (void)state;
  char target[128], stale[192];
  snprintf(target, sizeof target, "%s/r.txt", g_dir);
  soso_afile *a = NULL, *b = NULL;
  assert_int_equal(soso_afile_open(&a, NULL, target), 0);
  assert_int_equal(soso_afile_open(&b, NULL, target), 0);
  assert_int_equal(count_tmp(), 2);
  soso_afile_remove_all(); /* what the SIGINT/SIGTERM handler calls */
  assert_int_equal(count_tmp(), 0);
  soso_afile_abort(a);
  soso_afile_abort(b);
  /* left by a process killed with SIGKILL (pid 2^22 - 3 is not running here) */
  snprintf(stale, sizeof stale, "%s/.r.txt.tmp-4194301-00ff", g_dir);
  FILE *f = fopen(stale, "w");
  fclose(f);
  assert_int_equal(count_tmp(), 1);
  assert_int_equal(soso_afile_open(&a, NULL, target), 0);
  assert_int_equal(count_tmp(), 1); /* the stale one went, the new one is there */
  assert_int_equal(access(stale, F_OK), -1);
  soso_afile_abort(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_read_missing_store),
      cmocka_unit_test(test_wal_reader_never_waits),
      cmocka_unit_test(test_afile_symlink),
      cmocka_unit_test(test_afile_cleanup),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
