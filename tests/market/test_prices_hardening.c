/* test_prices_hardening.c - regression tests for the price-import defects of issue
 * 12: a NUL byte ended the import silently, a price of 1e308 was accepted, a full
 * disk was reported as "cannot rollback", the long layout was O(rows x series),
 * and a unit change after a series of missing prices read a NULL line array. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "market/prices_int.h"
#include "soso/error.h"
#include "soso/market.h"
#include "soso/store.h"

static char g_dir[64];

static int setup(void **state) {
  (void)state;
  snprintf(g_dir, sizeof g_dir, "/tmp/soso_prh_XXXXXX");
  return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
  return system(cmd) == 0 ? 0 : -1;
}

static const char *put(const char *name, const char *text, size_t len) {
  static char path[128];
  snprintf(path, sizeof path, "%s/%s", g_dir, name);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(text, 1, len, f), len);
  fclose(f);
  return path;
}

static int import(const char *name, const char *text, size_t len) {
  char db[128];
  snprintf(db, sizeof db, "%s/p.db", g_dir);
  soso_store *s = NULL;
  assert_int_equal(soso_store_open(&s, db), 0);
  soso_prices_import_info info;
  int rc = soso_market_prices_import(s, put(name, text, len), &info);
  soso_store_free(s);
  return rc;
}

static void test_nul_byte(void **state) {
  (void)state;
  const char t[] = "month,ZINC\n2020M01,100\n2020M02,1\0" "01\n2020M03,102\n";
  assert_int_equal(import("nul.csv", t, sizeof t - 1), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "nul.csv:3: file: NUL byte"));
}

static void test_price_bound(void **state) {
  (void)state;
  const char *t = "month,ZINC\n2020M01,100\n2020M02,1e308\n";
  assert_int_equal(import("big.csv", t, strlen(t)), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "big.csv:3: ZINC: 1e308 is not a plausible price"));
}

/* A series whose first rows are all missing, then a different unit: the message
 * used the line of the first stored price, which did not exist (NULL read). */
static void test_unit_change_after_missing(void **state) {
  (void)state;
  const char *t = "date,commodity,price,unit\n2020-01,X,..,US$/t\n2020-02,X,5,EUR/t\n";
  assert_int_equal(import("u.csv", t, strlen(t)), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "u.csv:3: unit: X was in US$/t before (line 2), now EUR/t"));
}

/* A long file of 40,000 series x 2 months, parsed (the store is not timed): the
 * linear series search made this 1.6e9 name comparisons, many seconds even without
 * ASan; the hash makes it 80,000 lookups, well under a second with ASan. The bound,
 * 5 s of CPU, sits between the two. */
static void test_long_layout_linear(void **state) {
  (void)state;
  size_t ns = 40000, cap = ns * 2 * 40 + 64, k = 0;
  char *t = malloc(cap);
  assert_non_null(t);
  k += (size_t)snprintf(t + k, cap - k, "date,commodity,price,unit\n");
  for (int m = 1; m <= 2; m++)
    for (size_t i = 0; i < ns; i++)
      k += (size_t)snprintf(t + k, cap - k, "2020-%02d,S%zu,%d,index\n", m, i, 100 + m);
  const char *path = put("long.csv", t, k);
  free(t);
  soso__pfile f;
  clock_t c0 = clock();
  int rc = soso__pfile_read(&f, path);
  double sec = (double)(clock() - c0) / CLOCKS_PER_SEC;
  assert_int_equal(rc, 0);
  assert_int_equal(f.n, ns);
  soso__pfile_free(&f);
  assert_true(sec < 5.0);
}

/* A full disk (SQLite's max_page_count) during an import: the error says so,
 * not "cannot rollback - no transaction is active", and nothing is stored. */
static void test_full_disk(void **state) {
  (void)state;
  char db[128];
  snprintf(db, sizeof db, "%s/full.db", g_dir);
  soso_store *s = NULL;
  assert_int_equal(soso_store_open(&s, db), 0);
  assert_int_equal(soso_store_exec(s, "PRAGMA max_page_count = 40;"), 0);
  size_t cap = 400000, k = 0;
  char *t = malloc(cap);
  assert_non_null(t);
  k += (size_t)snprintf(t + k, cap - k, "date,commodity,price,unit\n");
  for (int y = 1900; y < 2000; y++)
    for (int m = 1; m <= 12; m++)
      for (int c = 0; c < 10; c++)
        k += (size_t)snprintf(t + k, cap - k, "%d-%02d,C%d,%d.5,index\n", y, m, c, y);
  soso_prices_import_info info;
  assert_int_equal(soso_market_prices_import(s, put("full.csv", t, k), &info), SOSO_EIO);
  assert_null(strstr(soso_error_last(), "cannot rollback"));
  assert_non_null(strstr(soso_error_last(), "full"));
  soso_price_info *v = NULL;
  size_t n = 9;
  assert_int_equal(soso_market_prices_list(&v, &n, s), 0);
  assert_int_equal(n, 0);
  free(v);
  soso_store_free(s);
  free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_nul_byte),
      cmocka_unit_test(test_price_bound),
      cmocka_unit_test(test_unit_change_after_missing),
      cmocka_unit_test(test_long_layout_linear),
      cmocka_unit_test(test_full_disk),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
