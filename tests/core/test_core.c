/* test_core.c - the store, the error message, atomic outputs and the generator. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/error.h"
#include "soso/afile.h"
#include "soso/rng.h"
#include "soso/store.h"
#include "soso/summary.h"
#include "core/store_int.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_error_message(void **state) {
  (void)state;
  soso_error_clear();
  assert_string_equal(soso_error_last(), "");
  int rc = soso_error_set(SOSO_EDATA, "f.csv:%d: %s", 17, "zn_pct: \"12,5\" is not a number");
  assert_int_equal(rc, SOSO_EDATA);
  assert_int_equal(soso_error_code(), SOSO_EDATA);
  assert_string_equal(soso_error_last(), "f.csv:17: zn_pct: \"12,5\" is not a number");
}

static void test_store_open_and_tx(void **state) {
  (void)state;
  const char *path = "test_core_store.db";
  remove(path);
  soso_store *s = NULL;
  assert_int_equal(soso_store_open(&s, path), SOSO_OK);
  assert_int_equal(soso_store_begin(s), SOSO_OK);
  assert_int_equal(soso_store_begin(s), SOSO_EUSAGE); /* not nested */
  assert_int_equal(soso_store_exec(s, "INSERT INTO import_batch(source,kind,imported_at) "
                                      "VALUES('a','deposits','2026-01-01')"),
                   SOSO_OK);
  assert_int_equal(soso_store_rollback(s), SOSO_OK);
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_prepare_v2(soso__store_db(s), "SELECT count(*) FROM import_batch",
                                      -1, &st, NULL),
                   SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(st, 0), 0); /* the rollback undid the insert */
  sqlite3_finalize(st);
  assert_int_equal(soso_store_exec(s, "NOT SQL"), SOSO_EIO);
  assert_non_null(strstr(soso_error_last(), path));
  soso_store_free(s);
  soso_store_free(NULL);
  remove(path);
  assert_int_equal(soso_store_open(&s, "/nonexistent-dir/x.db"), SOSO_EIO);
  assert_null(s);
}

static void test_afile(void **state) {
  (void)state;
  const char *path = "test_core_afile.txt";
  remove(path);
  soso_afile *af = NULL;
  FILE *fp = NULL;
  assert_int_equal(soso_afile_open(&af, &fp, path), SOSO_OK);
  fputs("hello", fp);
  assert_int_equal(access(path, F_OK), -1); /* nothing at the target before commit */
  assert_int_equal(soso_afile_commit(af), SOSO_OK);
  char *text = NULL;
  assert_int_equal(soso_afile_read_file(&text, NULL, path), SOSO_OK);
  assert_string_equal(text, "hello");
  free(text);
  /* An aborted write leaves the old file as it was. */
  assert_int_equal(soso_afile_open(&af, &fp, path), SOSO_OK);
  fputs("half", fp);
  soso_afile_abort(af);
  assert_int_equal(soso_afile_read_file(&text, NULL, path), SOSO_OK);
  assert_string_equal(text, "hello");
  free(text);
  remove(path);
  assert_int_equal(soso_afile_open(&af, &fp, "/nonexistent-dir/x"), SOSO_EIO);
  char buf[8];
  assert_string_equal(soso_afile_path_ext("a/b.c/Map.PNG", buf, sizeof buf), "png");
  assert_string_equal(soso_afile_path_ext("a.d/map", buf, sizeof buf), "");
}

/* Normals from the counter-based generator: same numbers for the same
 * (seed, stream, path, block) however fetched; moments of 2^18 draws within
 * 5 standard errors (mean se = 1/sqrt(n) = 0.002; variance se = sqrt(2/n) = 0.0028). */
static void test_rng(void **state) {
  (void)state;
  soso_rng r = soso_rng_make(20261126u, SOSO_STREAM_PRICES);
  double a[10], b[4], c[4];
  soso_rng_normals(&r, 7, 0, a, 10);
  soso_rng_normal4(&r, 7, 0, b);
  soso_rng_normal4(&r, 7, 2, c);
  for (int i = 0; i < 4; i++) assert_true(a[i] == b[i]);
  assert_true(a[8] == c[0] && a[9] == c[1]);
  soso_rng other = soso_rng_make(20261126u, SOSO_STREAM_SAMPLING);
  soso_rng_normal4(&other, 7, 0, c);
  assert_true(c[0] != b[0]);
  const size_t n = 1u << 18;
  double s1 = 0, s2 = 0;
  for (size_t p = 0; p < n / 4; p++) {
    double z[4];
    soso_rng_normal4(&r, p, 3, z);
    for (int i = 0; i < 4; i++) {
      s1 += z[i];
      s2 += z[i] * z[i];
    }
  }
  double mean = s1 / (double)n, var = s2 / (double)n - mean * mean;
  assert_true(fabs(mean) < 5 * 0.002);
  assert_true(fabs(var - 1) < 5 * 0.0028);
}

/* soso_summary_quantiles_select_float gives each quantile bit for bit what
 * soso_summary_quantile_select gives on the same values as doubles: sizes 1..10,000,
 * values with many ties (jobs-like: few levels) and without, negative and positive,
 * fractions ascending, repeated and out of order. */
static void test_quantiles_select(void **state) {
  (void)state;
  static const size_t sizes[] = {1, 2, 3, 5, 20, 101, 1000, 10000};
  static const double fr[][4] = {{0.05, 0.5, 0.95, 1.0}, {0.0, 0.0, 0.25, 0.2501},
                                 {0.5, 0.05, 0.95, 0.5}, {0.95, 0.95, 0.05, 0.0}};
  float *x = malloc(10000 * sizeof *x);
  uint32_t *work = malloc(20001 * sizeof *work);
  double *y = malloc(10000 * sizeof *y);
  assert_non_null(x);
  assert_non_null(y);
  assert_non_null(work);
  uint64_t h = 2385;
  for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++)
    for (int ties = 0; ties < 3; ties++) /* none, many, all equal */
      for (size_t fi = 0; fi < sizeof fr / sizeof fr[0]; fi++) {
        size_t n = sizes[si];
        for (size_t i = 0; i < n; i++) {
          h = h * 6364136223846793005u + 1442695040888963407u;
          double u = (double)(h >> 11) / 9007199254740992.0;
          x[i] = ties == 2 ? 37.5f
                 : ties ? (float)floor(u * 7.0) * 12.5f : (float)(1e3 * u - 250.0);
        }
        for (size_t i = 0; i < n; i++) y[i] = x[i];
        double q[4];
        assert_int_equal(soso_summary_quantiles_select_float(q, x, n, fr[fi], 4, work), 0);
        for (int k = 0; k < 4; k++) {
          double want = soso_summary_quantile_select(y, n, fr[fi][k]); /* reorders y: fine */
          assert_memory_equal(&q[k], &want, sizeof want);
        }
      }
  double q[9], f9[9] = {0};
  assert_int_equal(soso_summary_quantiles_select_float(q, x, 10, f9, 9, work), SOSO_EUSAGE);
  free(x);
  free(y);
  free(work);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_error_message),
      cmocka_unit_test(test_store_open_and_tx),
      cmocka_unit_test(test_afile),
      cmocka_unit_test(test_rng),
      cmocka_unit_test(test_quantiles_select),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
