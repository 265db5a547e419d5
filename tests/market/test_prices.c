/* test_prices.c - the price store: Pink Sheet and long imports, every rejected
 * input (tests/data/prices_*.csv), all-or-nothing imports, windows, deflators,
 * months (src/market/price_parse.c, price_store.c, month.c).
 */
#define _POSIX_C_SOURCE 200809L
#include "soso/error.h"
#include "soso/market.h"
#include "soso/store.h"
#include "core/store_int.h"

#include <math.h>
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define DATA SOSO_SOURCE_DIR "/tests/data/"

static char g_db[256];

static int setup(void **state) {
  (void)state;
  snprintf(g_db, sizeof g_db, "%s/test_prices_%ld.db", SOSO_BINARY_DIR, (long)getpid());
  unlink(g_db);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  unlink(g_db);
  return 0;
}

static soso_store *open_fresh(void) {
  unlink(g_db);
  soso_store *s = NULL;
  assert_int_equal(soso_store_open(&s, g_db), 0);
  return s;
}

static long count(soso_store *s, const char *sql) {
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_prepare_v2(soso__store_db(s), sql, -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  long n = (long)sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

static void test_months(void **state) {
  (void)state;
  int m;
  char buf[8];
  assert_int_equal(soso_market_month_parse(&m, "1960M01"), 0);
  assert_int_equal(m, 1960 * 12);
  assert_int_equal(soso_market_month_parse(&m, "2025-10"), 0);
  assert_int_equal(m, 2025 * 12 + 9);
  soso_market_month_format(buf, m);
  assert_string_equal(buf, "2025-10");
  assert_int_equal(soso_market_month_parse(&m, "2019-03-15"), 0);
  assert_int_equal(m, 2019 * 12 + 2);
  const char *bad[] = {"2025-13", "2025-00", "2025-1", "2025-10-32", "abcd-01", "1960M1",
                       "2025/10", "", "0999-01", "2025-10x", "2025-10-1"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    assert_int_equal(soso_market_month_parse(&m, bad[i]), SOSO_EDATA);
}

static void test_import_wide(void **state) {
  (void)state;
  soso_store *s = open_fresh();
  soso_prices_import_info info;
  assert_int_equal(soso_market_prices_import(s, DATA "prices_wide_ok.csv", &info), 0);
  assert_int_equal(info.wide, 1);
  assert_int_equal(info.n_series, 3);
  assert_int_equal(info.n_obs, 12 + 10 + 11); /* "..", "" and "…" are missing */
  soso_price_info *v;
  size_t n;
  assert_int_equal(soso_market_prices_list(&v, &n, s), 0);
  assert_int_equal(n, 3);
  assert_string_equal(v[0].commodity, "LEAD");
  assert_string_equal(v[1].commodity, "SILVER");
  assert_string_equal(v[1].unit, "US$/troy oz");
  assert_string_equal(v[2].commodity, "ZINC");
  assert_string_equal(v[2].unit, "US$/t");
  assert_string_equal(v[2].currency, "USD");
  assert_int_equal(v[2].first, 1987 * 12);
  assert_int_equal(v[2].last, 1987 * 12 + 11);
  assert_int_equal(v[0].n, 10);
  free(v);
  soso_price_series z;
  assert_int_equal(soso_market_prices_load(&z, s, "zinc", -1, -1), 0); /* names ignore case */
  assert_int_equal(z.n, 12);
  assert_true(z.price[3] == 812.95 && z.price[11] == 951.33);
  soso_market_price_series_clear(&z);
  /* LEAD misses 1987-02 and 1987-11: whole series refused, inner window fine. */
  assert_int_equal(soso_market_prices_load(&z, s, "LEAD", -1, -1), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "1987-02 is missing"));
  assert_int_equal(soso_market_prices_load(&z, s, "LEAD", 1987 * 12 + 2, 1987 * 12 + 9), 0);
  assert_int_equal(z.n, 8);
  assert_int_equal(z.first, 1987 * 12 + 2);
  assert_true(z.price[0] == 588.11);
  soso_market_price_series_clear(&z);
  assert_int_equal(soso_market_prices_load(&z, s, "ZINC", 1987 * 12 + 11, 1987 * 12 + 11), SOSO_EDATA);
  assert_int_equal(soso_market_prices_load(&z, s, "TUNGSTEN", -1, -1), SOSO_ENOTFOUND);
  assert_non_null(strstr(soso_error_last(), "TUNGSTEN"));
  soso_store_free(s);
}

static void test_import_long_and_quotes(void **state) {
  (void)state;
  soso_store *s = open_fresh();
  soso_prices_import_info info;
  assert_int_equal(soso_market_prices_import(s, DATA "prices_long_ok.csv", &info), 0);
  assert_int_equal(info.wide, 0);
  assert_int_equal(info.n_series, 2);
  assert_int_equal(info.n_obs, 6 + 6); /* "antimony" is ANTIMONY, as in the store */
  soso_price_series a;
  assert_int_equal(soso_market_prices_load(&a, s, "US_CPI", -1, -1), 0);
  assert_string_equal(a.unit, "index");
  assert_string_equal(a.currency, "");
  assert_true(a.price[5] == 256.143);
  soso_market_price_series_clear(&a);
  assert_int_equal(soso_market_prices_load(&a, s, "ANTIMONY", 2019 * 12, 2019 * 12 + 2), 0);
  assert_int_equal(a.n, 3); /* 2019-03-15 is March */
  assert_true(a.price[2] == 8291.07);
  soso_market_price_series_clear(&a);
  /* CRLF line ends and quoted fields. */
  assert_int_equal(soso_market_prices_import(s, DATA "prices_wide_crlf.csv", &info), 0);
  assert_int_equal(soso_market_prices_load(&a, s, "ZINC", -1, -1), 0);
  assert_int_equal(a.n, 2);
  assert_true(a.price[0] == 1211.4 && a.price[1] == 1187.25);
  assert_int_equal(a.first, 1991 * 12);
  soso_market_price_series_clear(&a);
  /* A re-import replaces the commodity and leaves the others. */
  assert_int_equal(soso_market_prices_import(s, DATA "prices_gap.csv", &info), 0);
  assert_int_equal(count(s, "SELECT COUNT(*) FROM price_observation WHERE commodity='ZINC'"), 4);
  assert_int_equal(count(s, "SELECT COUNT(*) FROM price_observation WHERE commodity='COPPER'"),
                   2);
  assert_int_equal(soso_market_prices_load(&a, s, "ZINC", -1, -1), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "2020-03 is missing"));
  soso_store_free(s);
}

typedef struct bad_case {
  const char *file; /* fixture */
  int code;         /* expected error */
  const char *msg;  /* expected part of the message, with FILE:LINE: */
} bad_case;

static void test_bad_inputs(void **state) {
  (void)state;
  static const bad_case cases[] = {
      {"prices_bad_number.csv", SOSO_EDATA, "prices_bad_number.csv:3: LEAD: \"6O4.1\" is not a number"},
      {"prices_bad_dup_month.csv", SOSO_EDATA, "prices_bad_dup_month.csv:4: month: 1990-02 duplicated (line 3)"},
      {"prices_bad_order.csv", SOSO_EDATA, "prices_bad_order.csv:4: month: 1990-02 out of order (after 1990-03"},
      {"prices_bad_unit.csv", SOSO_EDATA, "prices_bad_unit.csv:3: unit: \"US$/bbl\" is unknown"},
      {"prices_bad_unit_wide.csv", SOSO_EDATA, "prices_bad_unit_wide.csv:1: COBALT: unknown unit"},
      {"prices_bad_month.csv", SOSO_EDATA, "prices_bad_month.csv:3: month: \"1990/02\" is not a month"},
      {"prices_bad_fields.csv", SOSO_EDATA, "prices_bad_fields.csv:3: row: 2 fields, the header has 3"},
      {"prices_bad_negative.csv", SOSO_EDATA, "prices_bad_negative.csv:3: price: -2289.7 is not a positive price"},
      {"prices_bad_long_dup.csv", SOSO_EDATA, "prices_bad_long_dup.csv:5: ZINC: month 2020-02 duplicated (line 4)"},
      {"prices_bad_long_order.csv", SOSO_EDATA, "prices_bad_long_order.csv:4: ZINC: month 2020-01 out of order"},
      {"prices_bad_currency.csv", SOSO_EDATA, "prices_bad_currency.csv:2: currency: \"EUR\" does not match unit US$/t"},
      {"prices_bad_header.csv", SOSO_EDATA, "prices_bad_header.csv:1: header: first column \"year\""},
      {"prices_bad_empty.csv", SOSO_EDATA, "prices_bad_empty.csv:1: header: empty file"},
      {"prices_bad_quote.csv", SOSO_EDATA, "prices_bad_quote.csv:2: field 2: unterminated quote"},
      {"prices_bad_no_unit.csv", SOSO_EDATA, "prices_bad_no_unit.csv:2: unit: none for ANTIMONY"},
      {"prices_no_such_file.csv", SOSO_EIO, "prices_no_such_file.csv: cannot open"},
  };
  soso_store *s = open_fresh();
  assert_int_equal(soso_market_prices_import(s, DATA "prices_wide_ok.csv", NULL), 0);
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s%s", DATA, cases[i].file);
    int rc = soso_market_prices_import(s, path, NULL);
    if (rc != cases[i].code || !strstr(soso_error_last(), cases[i].msg))
      fail_msg("%s: got %d \"%s\", want %d \"%s\"", cases[i].file, rc, soso_error_last(),
               cases[i].code, cases[i].msg);
    /* Nothing half-written: the store still holds exactly the first import. */
    assert_int_equal(count(s, "SELECT COUNT(*) FROM price_observation"), 33);
    assert_int_equal(count(s, "SELECT COUNT(*) FROM import_batch"), 1);
    assert_int_equal(count(s, "SELECT COUNT(*) FROM price_series"), 3);
  }
  /* A failure late in a multi-series file leaves no earlier series behind. */
  assert_int_equal(soso_market_prices_import(s, DATA "prices_bad_unit.csv", NULL), SOSO_EDATA);
  assert_int_equal(count(s, "SELECT COUNT(*) FROM price_observation WHERE month >= '2020'"), 0);
  assert_int_equal(soso_market_prices_import(s, NULL, NULL), SOSO_EUSAGE);
  soso_store_free(s);
}

static void test_deflate(void **state) {
  (void)state;
  soso_store *s = open_fresh();
  assert_int_equal(soso_market_prices_import(s, DATA "prices_wide_ok.csv", NULL), 0);
  soso_price_series cpi, z;
  assert_int_equal(soso_market_prices_read_series(&cpi, DATA "prices_deflator.csv"), 0);
  assert_string_equal(cpi.commodity, "CPI_TEST");
  assert_int_equal(cpi.n, 12);
  assert_int_equal(soso_market_prices_load(&z, s, "ZINC", -1, -1), 0);
  double nominal[12];
  memcpy(nominal, z.price, sizeof nominal);
  assert_int_equal(soso_market_prices_deflate(&z, &cpi), 0);
  assert_string_equal(z.unit, "US$/t real");
  /* Money of the last month (1987-12, index 115.4): exact up to one rounding. */
  for (int i = 0; i < 12; i++)
    assert_true(fabs(z.price[i] - nominal[i] * 115.4 / cpi.price[i]) <= 1e-12 * nominal[i]);
  assert_true(z.price[11] == nominal[11]);
  assert_true(fabs(z.price[0] - 798.31 * 115.4 / 111.2) < 1e-9);
  soso_market_price_series_clear(&z);
  /* A deflator that starts too late. */
  assert_int_equal(soso_market_prices_load(&z, s, "ZINC", -1, -1), 0);
  cpi.first += 1;
  assert_int_equal(soso_market_prices_deflate(&z, &cpi), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "does not cover"));
  cpi.first -= 1;
  cpi.price[4] = 0.0;
  assert_int_equal(soso_market_prices_deflate(&z, &cpi), SOSO_EDATA);
  soso_market_price_series_clear(&z);
  soso_market_price_series_clear(&cpi);
  assert_int_equal(soso_market_prices_read_series(&cpi, DATA "prices_wide_ok.csv"), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "3 series"));
  /* A deflator with a missing month reads (NaN there); deflating a window that needs
   * the month fails naming it, one that does not succeeds. */
  assert_int_equal(soso_market_prices_read_series(&cpi, DATA "prices_gap.csv"), 0);
  assert_true(cpi.n == 5 && isnan(cpi.price[2]) && cpi.price[3] > 0); /* 2020-01..05 */
  soso_price_series w = {.first = cpi.first, .n = 4, .commodity = "X", .unit = "US$/t"};
  double wp[4] = {1, 2, 3, 4};
  w.price = wp;
  assert_int_equal(soso_market_prices_deflate(&w, &cpi), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "has no value for 2020-03, inside the window 2020-01..2020-04"));
  w.n = 2;
  assert_int_equal(soso_market_prices_deflate(&w, &cpi), 0);
  soso_market_price_series_clear(&cpi);
  assert_int_equal(soso_market_prices_read_series(&cpi, DATA "prices_bad_number.csv"), SOSO_EDATA);
  soso_store_free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_months),
      cmocka_unit_test(test_import_wide),
      cmocka_unit_test(test_import_long_and_quotes),
      cmocka_unit_test(test_bad_inputs),
      cmocka_unit_test(test_deflate),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
